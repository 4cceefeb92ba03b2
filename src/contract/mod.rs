//! (stub: being written)
/// Placeholder.
#[derive(Debug, thiserror::Error)]
#[error("placeholder")]
pub struct ContractError;
/// Placeholder.
pub fn parse_contract_file(_text: &str) -> Result<(), ContractError> { Err(ContractError) }
