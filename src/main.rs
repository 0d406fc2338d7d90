//! The `own` binary: parse arguments, run, exit with the code the run asks for.

fn main() -> std::process::ExitCode {
    own::run(std::env::args_os())
}
