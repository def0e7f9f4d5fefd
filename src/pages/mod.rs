pub mod forgot_password;
pub mod home;
pub mod not_found;
pub mod register;
pub mod ride;
pub mod setup;
pub mod signin;
pub mod verify;
