//! The standalone example's arguments and the lines it prints first.

use whylabs_api_keys_emulator::Emulator;

use crate::standalone_example::{announcement, parse_args};
use crate::support::{args, client_with};

#[tokio::test]
async fn it_prints_the_endpoint_and_admin_key_as_exportable_lines() {
    let builder = parse_args(&args(&[
        "--port",
        "0",
        "--admin-key=ADMIN00000.from-the-cli",
    ]))
    .unwrap();
    let emulator = builder.start().await.unwrap();
    let port = emulator.address().port();
    assert_ne!(port, 0, "port 0 picks a free port");
    assert_eq!(
        announcement(&emulator),
        format!(
            "WHYLABS_API_ENDPOINT=http://127.0.0.1:{port}\nWHYLABS_API_KEY=ADMIN00000.from-the-cli\n"
        )
    );
    let client = client_with(&emulator, "ADMIN00000.from-the-cli");
    assert!(client.list_keys("org-123").await.unwrap().is_empty());
}

#[tokio::test]
async fn max_active_keys_can_be_set() {
    let emulator = parse_args(&args(&["--port=0", "--max-active-keys", "0"]))
        .unwrap()
        .start()
        .await
        .unwrap();
    let error = emulator
        .client()
        .create_key("org-123", "user-123")
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error().and_then(|e| e.message()),
        Some("Key limit reached")
    );
}

#[tokio::test]
async fn a_taken_port_is_an_error_not_a_panic() {
    let running = Emulator::start().await;
    let port = running.address().port().to_string();
    let error = parse_args(&args(&["--port", &port]))
        .unwrap()
        .start()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::AddrInUse);
}

#[test]
fn usage_errors_are_one_line_messages() {
    let cases = [
        (&["--port"][..], "--port needs a value"),
        (
            &["--port", "eighty"][..],
            "--port takes a number, not \"eighty\"",
        ),
        (
            &["--port", "70000"][..],
            "--port takes a number, not \"70000\"",
        ),
        (
            &["--max-active-keys=-1"][..],
            "--max-active-keys takes a number, not \"-1\"",
        ),
        (&["--verbose"][..], "unknown argument \"--verbose\""),
    ];
    for (given, message) in cases {
        assert_eq!(parse_args(&args(given)).unwrap_err(), message, "{given:?}");
    }
}
