pub mod fields;
pub mod layout;
