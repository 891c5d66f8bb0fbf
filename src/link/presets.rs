//! Ready-made experiments, as links: each is a query string the lab opens, so a preset is also
//! exactly what a teacher would share.

/// (name, what it shows, query string)
pub const PRESETS: [(&str, &str, &str); 10] = [
    (
        "The benchmark net on MNIST",
        "784-256-64-2 with ReLU and Adam: a 2-D code that separates digits better than PCA.",
        BENCHMARK,
    ),
    (
        "A linear autoencoder is PCA",
        "No non-linearity anywhere: it learns the same subspace as PCA with 5 components. The table's R² says how close; the scatter maps the code onto PCA's plane.",
        "data=mnist&hidden=&code=5&act=identity&code_act=identity&out=identity&loss=mse&opt=adam&lr=0.001",
    ),
    (
        "The identity trap",
        "An overcomplete linear code (32 > 10 inputs) copies anything, random noise included.",
        IDENTITY_TRAP,
    ),
    (
        "…escaped by denoising",
        "The same net trained to remove noise has to model the data instead.",
        IDENTITY_ESCAPE,
    ),
    (
        "Sparse codes",
        "Sigmoid code units pushed to a 5 % firing rate (KL, per unit): each digit is carried by a few active units. The histogram under Inside the network shows the rates; without the penalty the same units fire most of the time.",
        SPARSE,
    ),
    (
        "Denoising digits",
        "Half of every training image is masked; test images are masked too.",
        "data=mnist&hidden=256&code=32&noise=mask&nlevel=0.5&ntest=1",
    ),
    (
        "A VAE's latent plane",
        "A 2-D VAE: drag across its latent plane and watch the decoder morph digits.",
        VAE_PLANE,
    ),
    (
        "The swiss roll",
        "PCA's best plane squashes the 3-D roll flat; a 2-D autoencoder code rebuilds the whole roll with a fraction of PCA's error (see the table). The colours, position along the roll, show whether the code unrolled the sheet or folded it: it seldom unrolls.",
        "data=swiss-roll&hidden=64,32&code=2&act=tanh&code_act=identity&out=sigmoid&lr=0.003",
    ),
    (
        "Semantic hashing",
        "16 sigmoid code units trained with noise become bits: an address for each digit. A light penalty keeps each bit on for about half the digits, so the addresses spread out. Under Retrieval, measure it against LSH and PCA hashing and look items up by Hamming distance.",
        SEMANTIC_HASHING,
    ),
    (
        "Hinton's deep autoencoder",
        "784-1000-500-250-30, as in Hinton and Salakhutdinov (2006): watch the AE's test MSE in the table fall below PCA's with the same 30 numbers per image, within a minute.",
        HINTON,
    ),
];

/// The benchmark net, 784-256-64-2 (tested in `tests/claims/preset_claims.rs`).
pub const BENCHMARK: &str = "data=mnist&hidden=256,64&code=2&act=relu&code_act=identity&out=sigmoid&loss=mse&opt=adam&lr=0.001&batch=64";
/// Sigmoid code units pushed to a 5 % rate.
pub const SPARSE: &str = "data=mnist&hidden=&code=64&act=sigmoid&code_act=sigmoid&out=sigmoid&pen=rate&lambda=0.1&lw=1&rho=0.05&form=unit&dist=kl";
/// A 2-D VAE on MNIST.
pub const VAE_PLANE: &str = "data=mnist&hidden=256,64&code=2&vae=1&beta=1&warmup=0&lik=bernoulli";
/// A linear autoencoder with a 2-D code on Fashion-MNIST: its decoder's plane reaches PCA's
/// (principal angles under 5°) after about 200,000 samples (`tests/claims/linear_pca.rs`).
pub const LINEAR_FASHION: &str = "data=fashion&hidden=&code=2&act=identity&code_act=identity&out=identity&loss=mse&opt=adam&lr=0.003&batch=256";

/// The deep net of Hinton and Salakhutdinov (2006), trained end to end with Adam (no RBM
/// pretraining): on MNIST it passes PCA-30 after about 20,000 samples (`tests/claims/hinton_preset.rs`).
pub const HINTON: &str = "data=mnist&hidden=1000,500,250&code=30&act=relu&code_act=identity&out=sigmoid&loss=mse&opt=adam&lr=0.001&batch=64";

/// Salakhutdinov and Hinton's semantic hashing, small: 16 binary code units from a deep
/// encoder, and a per-unit rate penalty (KL to ρ = 0.5, λ = 0.003) that keeps every bit
/// balanced, so the codes spread over more buckets; after 180,000 samples its codes beat
/// 16-bit LSH and PCA hashing on MNIST, within radius 2 and by MAP (`tests/apps/retrieval.rs`).
pub const SEMANTIC_HASHING: &str = "data=mnist&hidden=512,256&code=16&act=relu&code_act=sigmoid&out=sigmoid&loss=mse&opt=adam&lr=0.001&batch=64&binary=6&pen=rate&rho=0.5&form=unit&dist=kl&lambda=0.003";

/// The overcomplete linear autoencoder on 10-D blobs (tested in `tests/variants/sparse.rs`).
pub const IDENTITY_TRAP: &str = "data=blobs&hidden=&code=32&act=identity&code_act=identity&out=identity&loss=mse&opt=adam&lr=0.003";
/// The same with Gaussian denoising.
pub const IDENTITY_ESCAPE: &str = "data=blobs&hidden=&code=32&act=identity&code_act=identity&out=identity&loss=mse&opt=adam&lr=0.003&noise=gauss&nlevel=0.1";

#[cfg(test)]
mod tests {
    use super::super::from_query;
    use super::*;

    #[test]
    fn every_preset_is_a_valid_link() {
        for (name, _, query) in PRESETS {
            let (s, notes) = from_query(query);
            assert!(notes.is_empty(), "{name}: {notes:?}");
            assert!(s.problems().is_empty(), "{name}: {:?}", s.problems());
        }
    }
}
