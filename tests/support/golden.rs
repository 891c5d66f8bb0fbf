pub const SWISS_ROLL: u64 = 0;
