use clap::Subcommand;
#[derive(Debug, Subcommand)]
pub(crate) enum ContractCommand { Resolve }
pub(crate) fn run(_c: ContractCommand) -> u8 { super::EXIT_BAD_INPUT }
