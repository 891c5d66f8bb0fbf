//! Shared by the fuzz tests.

/// Cases a run: 20,000 in `make test`, `AEL_FUZZ_CASES` (a million in `make fuzz`).
pub fn cases() -> usize {
    std::env::var("AEL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}
