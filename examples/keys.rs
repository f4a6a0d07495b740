//! Prints the README's key tables from the keymap:
//! `cargo run --example keys`, then paste over the README's "### Keys" tables.

fn main() {
    print!("{}", roledex::tui::keymap::markdown());
}
