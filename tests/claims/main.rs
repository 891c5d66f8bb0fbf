//! The reference text's claims and the page's numbers: presets keep their promises, the linear
//! autoencoder is PCA, Hinton's deep code beats PCA-30, and what the page shows is true.

mod hinton_preset;
mod linear_pca;
mod preset_claims;
mod true_numbers;
