pub mod fields;
pub mod layout;
pub mod request;
