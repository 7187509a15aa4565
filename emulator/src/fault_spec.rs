//! [`Fault`]s written outside Rust: `key=value` text for the command line
//! (`status=503,times=2,operation=create_api_key`) and JSON for the admin endpoint
//! (`{"status": 503, "times": 2, "operation": "create_api_key"}`). Both have the same keys:
//! `status` or `delay_ms` (one of them), and optionally `times`, `operation` (an
//! [`Operation::id`]), `retry_after` (seconds) and `body`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::Deserialize;
use whylabs_api_keys::Operation;

use super::faults::Fault;

/// Why a fault's text or JSON could not be read; its message names the problem.
///
/// ```
/// use whylabs_api_keys_emulator::Fault;
///
/// let error = "status=503,times=often".parse::<Fault>().unwrap_err();
/// assert_eq!(error.to_string(), "times: not a number: \"often\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultParseError(String);

impl fmt::Display for FaultParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultParseError {}

fn problem(message: impl Into<String>) -> FaultParseError {
    FaultParseError(message.into())
}

/// The keys of a fault, as read from text or JSON.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultSpec {
    status: Option<u16>,
    delay_ms: Option<u64>,
    retry_after: Option<u64>,
    operation: Option<String>,
    times: Option<u32>,
    body: Option<String>,
}

impl FaultSpec {
    fn into_fault(self) -> Result<Fault, FaultParseError> {
        let mut fault = match (self.status, self.delay_ms) {
            (Some(status), None) if (100..=999).contains(&status) => Fault::status(status),
            (Some(status), None) => {
                return Err(problem(format!("status: {status} is not an HTTP status")));
            }
            (None, Some(ms)) => Fault::delay(Duration::from_millis(ms)),
            _ => return Err(problem("give either status or delay_ms")),
        };
        if let Some(name) = self.operation {
            let operation = Operation::from_id(&name).ok_or_else(|| {
                let known: Vec<&str> = Operation::ALL.iter().map(|op| op.id()).collect();
                problem(format!(
                    "operation: unknown {name:?}, expected one of {}",
                    known.join(", ")
                ))
            })?;
            fault = fault.operation(operation);
        }
        if let Some(times) = self.times {
            fault = fault.times(times);
        }
        if let Some(seconds) = self.retry_after {
            fault = fault.retry_after(seconds);
        }
        if let Some(body) = self.body {
            fault = fault.body(body);
        }
        Ok(fault)
    }
}

/// Reads `status=503,times=2,operation=create_api_key,retry_after=1` (or `delay_ms=300`
/// instead of `status`); `body=` comes last and takes the rest of the text, commas included.
///
/// ```
/// use whylabs_api_keys::Operation;
/// use whylabs_api_keys_emulator::Fault;
///
/// let text: Fault = "status=503,times=2,operation=create_api_key".parse()?;
/// assert_eq!(text, Fault::status(503).times(2).operation(Operation::Create));
/// let slow: Fault = "delay_ms=300".parse()?;
/// assert_eq!(slow, Fault::delay(std::time::Duration::from_millis(300)));
/// # Ok::<(), whylabs_api_keys_emulator::FaultParseError>(())
/// ```
impl FromStr for Fault {
    type Err = FaultParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut spec = FaultSpec::default();
        let mut rest = text.trim();
        while !rest.is_empty() {
            let (key, after) = rest
                .split_once('=')
                .ok_or_else(|| problem(format!("expected key=value, got {rest:?}")))?;
            let (value, next) = match key {
                "body" => (after, ""),
                _ => after.split_once(',').unwrap_or((after, "")),
            };
            match key {
                "status" => spec.status = Some(number(key, value)?),
                "delay_ms" => spec.delay_ms = Some(number(key, value)?),
                "retry_after" => spec.retry_after = Some(number(key, value)?),
                "times" => spec.times = Some(number(key, value)?),
                "operation" => spec.operation = Some(value.to_string()),
                "body" => spec.body = Some(value.to_string()),
                other => return Err(problem(format!("unknown key {other:?}"))),
            }
            rest = next;
        }
        spec.into_fault()
    }
}

fn number<T: FromStr>(key: &str, value: &str) -> Result<T, FaultParseError> {
    value
        .parse()
        .map_err(|_| problem(format!("{key}: not a number: {value:?}")))
}

/// Reads one fault (a JSON object) or several (an array of them).
pub(super) fn faults_from_json(json: &[u8]) -> Result<Vec<Fault>, FaultParseError> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(FaultSpec),
        Many(Vec<FaultSpec>),
    }
    let specs = match serde_json::from_slice(json) {
        Ok(OneOrMany::One(spec)) => vec![spec],
        Ok(OneOrMany::Many(specs)) => specs,
        // The untagged error says only "did not match": name the keys instead.
        Err(_) => match serde_json::from_slice::<FaultSpec>(json) {
            Err(e) => return Err(problem(e.to_string())),
            Ok(spec) => vec![spec],
        },
    };
    specs.into_iter().map(FaultSpec::into_fault).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_json_give_the_same_faults() {
        let text: Fault = "status=429,retry_after=2,body=slow, please"
            .parse()
            .unwrap();
        let json = br#"{"status": 429, "retry_after": 2, "body": "slow, please"}"#;
        assert_eq!(faults_from_json(json).unwrap(), std::slice::from_ref(&text));
        assert_eq!(text, Fault::status(429).retry_after(2).body("slow, please"));
        let many = br#"[{"delay_ms": 5, "operation": "list_api_keys"}, {"status": 500}]"#;
        assert_eq!(faults_from_json(many).unwrap().len(), 2);
    }

    #[test]
    fn mistakes_are_named() {
        let cases = [
            ("status=1000", "status: 1000 is not an HTTP status"),
            ("times=2", "give either status or delay_ms"),
            ("status=500,delay_ms=1", "give either status or delay_ms"),
            ("status=500,color=red", "unknown key \"color\""),
            ("status", "expected key=value, got \"status\""),
        ];
        for (text, message) in cases {
            assert_eq!(
                text.parse::<Fault>().unwrap_err().to_string(),
                message,
                "{text}"
            );
        }
        let unknown = "status=500,operation=create".parse::<Fault>().unwrap_err();
        assert!(
            unknown
                .to_string()
                .starts_with("operation: unknown \"create\"")
        );
        let json = faults_from_json(br#"{"status": 500, "color": 1}"#).unwrap_err();
        assert!(json.to_string().contains("unknown field `color`"), "{json}");
    }
}
