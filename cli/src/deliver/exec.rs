//! Commands given the new secret: an `exec:` sink (`sh -c`, the secret on stdin only) and the
//! `--check` (`sh -c`, the secret on stdin and in `WHYLABS_API_KEY`), each bounded by a
//! timeout. The secret never goes into argv, where `ps` would show it. What a command prints
//! goes to stderr, so that stdout keeps the tool's own output.

use std::io::{self, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use whylabs_api_keys::ApiKeySecret;

/// How a command given the secret ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ran {
    /// Exit 0.
    Passed,
    /// Another exit status, or killed by a signal (`None`).
    Failed(Option<i32>),
    /// Still running at the timeout: killed, with its process group.
    TimedOut,
    /// `sh` could not be started.
    CannotStart(String),
}

impl Ran {
    /// What happened, for messages.
    pub fn describe(&self, timeout: Duration) -> String {
        match self {
            Ran::Passed => "exited 0".to_string(),
            Ran::Failed(Some(code)) => format!("exited {code}"),
            Ran::Failed(None) => "was killed by a signal".to_string(),
            Ran::TimedOut => format!(
                "did not finish within {} and was killed",
                humantime::format_duration(timeout)
            ),
            Ran::CannotStart(why) => format!("could not be started: {why}"),
        }
    }
}

/// Runs an `exec:` sink's command; `Ok` when it exited 0.
pub async fn deliver(
    command: &str,
    secret: &ApiKeySecret,
    timeout: Duration,
) -> Result<(), String> {
    let mut sh = shell(command);
    // The tool's own key is no business of the sink's command.
    sh.env_remove("WHYLABS_API_KEY");
    match run(sh, secret, timeout).await {
        Ran::Passed => Ok(()),
        other => Err(format!(
            "exec:{command} {}: the secret may or may not have been taken",
            other.describe(timeout)
        )),
    }
}

/// Runs the `--check` command with the new secret in `WHYLABS_API_KEY` and on stdin.
pub async fn run_check(command: &str, secret: &ApiKeySecret, timeout: Duration) -> Ran {
    let mut sh = shell(command);
    sh.env("WHYLABS_API_KEY", secret.expose_secret());
    run(sh, secret, timeout).await
}

fn shell(command: &str) -> Command {
    let mut sh = Command::new("sh");
    sh.arg("-c").arg(command);
    sh
}

async fn run(mut sh: Command, secret: &ApiKeySecret, timeout: Duration) -> Ran {
    sh.stdin(Stdio::piped()).stdout(io::stderr());
    own_group(&mut sh);
    let mut child = match sh.spawn() {
        Ok(child) => child,
        Err(e) => return Ran::CannotStart(e.to_string()),
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its stdin closes it: not an error.
        let _ = writeln!(stdin, "{}", secret.expose_secret());
    }
    wait(&mut child, timeout).await
}

/// Polls until the child ends or the timeout passes (then kills its process group); the
/// runtime runs other rotations of a plan between polls.
async fn wait(child: &mut Child, timeout: Duration) -> Ran {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ran::Passed,
            Ok(Some(status)) => return Ran::Failed(status.code()),
            Ok(None) if Instant::now() >= deadline => {
                kill_group(child);
                let _ = child.wait();
                return Ran::TimedOut;
            }
            Ok(None) => tokio::time::sleep(Duration::from_millis(10)).await,
            Err(e) => return Ran::CannotStart(e.to_string()),
        }
    }
}

/// The command runs in a process group of its own, so that a timeout kills what it started.
#[cfg(unix)]
fn own_group(sh: &mut Command) {
    use std::os::unix::process::CommandExt;
    sh.process_group(0);
}

#[cfg(not(unix))]
fn own_group(_sh: &mut Command) {}

#[cfg(unix)]
fn kill_group(child: &mut Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a process group id the child leads; no memory is involved.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
}

/// On Windows only the command itself is killed.
#[cfg(not(unix))]
fn kill_group(child: &mut Child) {
    let _ = child.kill();
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn the_secret_is_on_stdin_and_in_the_environment_and_a_timeout_kills() {
        let secret = ApiKeySecret::from("K.s:org");
        let second = Duration::from_secs(5);
        let check = r#"read line; [ "$line" = K.s:org ] && [ "$WHYLABS_API_KEY" = K.s:org ]"#;
        assert_eq!(run_check(check, &secret, second).await, Ran::Passed);
        assert_eq!(
            run_check("exit 3", &secret, second).await,
            Ran::Failed(Some(3))
        );
        let started = Instant::now();
        let slow = run_check("sleep 30", &secret, Duration::from_millis(200)).await;
        assert_eq!(slow, Ran::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(
            deliver("read line; [ -z \"$WHYLABS_API_KEY\" ]", &secret, second)
                .await
                .is_ok()
        );
        assert!(deliver("false", &secret, second).await.is_err());
    }
}
