//! The lab's one set of limits: the core refuses past them, and the page's controls and link
//! reader use the same numbers (`settings`).

/// Most values per sample (a 64 × 64 image).
pub const MAX_INPUT: usize = 4096;
/// Widest hidden layer: past it a batch takes seconds in the browser.
pub const MAX_WIDTH: usize = 1024;
/// Most units in the code (a VAE's code layer outputs twice as many values).
pub const MAX_CODE: usize = 64;
/// Most hidden layers on each side of the code.
pub const MAX_HIDDEN_LAYERS: usize = 4;
