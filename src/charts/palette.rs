//! Class colours: Paul Tol's "muted" scheme, designed to stay distinct under the common forms
//! of colour blindness, with a darker grey as the tenth colour so it still shows on white.

use plotters::style::RGBColor;

pub const CLASS_COLOURS: [RGBColor; 10] = [
    RGBColor(0x33, 0x22, 0x88), // indigo
    RGBColor(0xCC, 0x66, 0x77), // rose
    RGBColor(0x11, 0x77, 0x33), // green
    RGBColor(0xDD, 0xCC, 0x77), // sand
    RGBColor(0x88, 0xCC, 0xEE), // cyan
    RGBColor(0x88, 0x22, 0x55), // wine
    RGBColor(0x44, 0xAA, 0x99), // teal
    RGBColor(0x99, 0x99, 0x33), // olive
    RGBColor(0xAA, 0x44, 0x99), // purple
    RGBColor(0x66, 0x66, 0x66), // grey
];

/// Colour of class `c` (classes beyond ten wrap around).
pub fn class_colour(c: u8) -> RGBColor {
    CLASS_COLOURS[c as usize % CLASS_COLOURS.len()]
}

/// The same colour as a CSS hex string, for legends drawn in HTML.
pub fn class_css(c: u8) -> String {
    let RGBColor(r, g, b) = class_colour(c);
    format!("#{r:02x}{g:02x}{b:02x}")
}
