//! The harness: an emulator, a runtime to seed it, and the binary with its environment set.

use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use whylabs_api_keys::{Client, CreatedApiKey, Operation};
use whylabs_api_keys_emulator::{Emulator, EmulatorBuilder};
// Tests that inject faults take them from here, so the emulator is imported in one place.
pub use whylabs_api_keys_emulator::Fault;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const ORG: &str = "org-test";

pub struct Harness {
    pub rt: tokio::runtime::Runtime,
    pub emulator: Emulator,
}

impl Harness {
    pub fn new() -> Self {
        Self::with(Emulator::builder())
    }

    pub fn with(builder: EmulatorBuilder) -> Self {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let emulator = rt.block_on(builder.start()).unwrap();
        Self { rt, emulator }
    }

    pub fn client(&self) -> Client {
        self.emulator.client()
    }

    /// The binary with the emulator's endpoint and system key, the test organization, and
    /// nothing from the test runner's environment.
    pub fn cmd(&self) -> Command {
        let mut cmd = bare_cmd();
        cmd.env("WHYLABS_API_ENDPOINT", self.emulator.base_url())
            .env("WHYLABS_API_KEY", self.emulator.admin_key().expose_secret())
            .env("WHYLABS_DEFAULT_ORG_ID", ORG);
        cmd
    }

    /// A key of `user` with `:user` scope and no expiry.
    pub fn key(&self, user: &str) -> CreatedApiKey {
        self.rt
            .block_on(self.client().create_key(ORG, user).scopes([":user"]).send())
            .unwrap()
    }

    pub fn is_active(&self, key_id: &str) -> bool {
        let keys = self
            .rt
            .block_on(self.client().list_keys(ORG).send())
            .unwrap();
        keys.iter().any(|k| k.key_id == key_id)
    }

    /// Every call of `operation` (with all its retries) answers `status` until
    /// `clear_faults`.
    pub fn fail(&self, operation: Operation, status: u16) {
        let fault = Fault::status(status).times(20).operation(operation);
        self.emulator.inject(fault);
    }

    pub fn advance_days(&self, days: u64) {
        self.emulator
            .advance_time(Duration::from_secs(days * 86_400));
    }
}

/// The binary with none of the WHYLABS_* variables and no colors; killed after 60 s.
pub fn bare_cmd() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("whylabs-keys");
    for var in [
        "WHYLABS_API_KEY",
        "WHYLABS_API_ENDPOINT",
        "WHYLABS_DEFAULT_ORG_ID",
        "WHYLABS_KEYS_API",
        "WHYLABS_KEYS_OUTPUT",
    ] {
        cmd.env_remove(var);
    }
    cmd.env_remove("WHYLABS_KEYS_PROFILE");
    // No rotation journal of the machine's (audit reads the default one).
    cmd.env("XDG_STATE_HOME", "/nonexistent/whylabs-keys-tests");
    cmd.env("NO_COLOR", "1").timeout(Duration::from_secs(60));
    cmd
}

/// Runs a command and returns its output, asserting its exit code.
pub trait Run {
    fn succeeds(&mut self) -> Output;
    fn exits(&mut self, code: i32) -> Output;
}

impl Run for Command {
    fn succeeds(&mut self) -> Output {
        self.assert().success().get_output().clone()
    }

    fn exits(&mut self, code: i32) -> Output {
        self.assert().code(code).get_output().clone()
    }
}

/// stdout as JSON.
pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One string field of every object of a JSON array.
pub fn column(value: &Value, field: &str) -> Vec<String> {
    let rows = value.as_array().expect("a JSON array");
    rows.iter()
        .map(|row| row[field].as_str().unwrap_or("-").to_string())
        .collect()
}

/// The keys of the first object of a JSON array, in order.
pub fn fields(value: &Value) -> Vec<String> {
    value[0].as_object().unwrap().keys().cloned().collect()
}

/// A wiremock server on 127.0.0.1 answering every request with a bare 404 (no body), as a
/// wrong endpoint or a proxy does. Kept alive by the returned value.
pub fn bare_404_server(h: &Harness) -> MockServer {
    h.rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        server
    })
}
