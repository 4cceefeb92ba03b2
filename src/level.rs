//! stub
/// stub
pub enum ProtectionLevel { /** n */ None }
