//! Terminal and CSV injection: aliases, user ids and file names are chosen by others. A key
//! whose alias and user id hold ESC[2J, an OSC 8 link, BEL, CR/LF and U+202E goes through
//! list, audit and offboard --dry-run, and a file named so through scan; no raw control or
//! bidi character reaches stdout or stderr, and the forged "row" stays on its key's line.
//! CSV cells that a spreadsheet would run as formulas get a leading `'`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Output;

use crate::common::*;

/// Clears the screen, opens and closes an OSC 8 hyperlink (BEL-terminated), rings, then
/// tries to start a forged table row and reverse what follows.
const HOSTILE: &str =
    "ev\u{1b}[2Jil\u{1b}]8;;https://evil.test/\u{7}link\u{1b}]8;;\u{7}\u{7}\r\nFORGED\u{202e}txt";

/// Every byte but the unreserved ones percent-encoded, as a query value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Creates a key of `user` with `alias` by a plain HTTP request: the library refuses control
/// characters in an alias, but the server (and the emulator) store what they are sent.
fn create_raw(h: &Harness, user: &str, alias: &str) -> String {
    let address = h
        .emulator
        .base_url()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut stream = TcpStream::connect(&address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let request = format!(
        "POST /v0/organizations/{ORG}/api-key?user_id={}&alias={}&scopes=%3Auser HTTP/1.1\r\n\
         Host: {address}\r\nX-API-Key: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        encode(user),
        encode(alias),
        h.emulator.admin_key().expose_secret()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let keys = h.rt.block_on(h.client().list_keys(ORG).send()).unwrap();
    let key = keys
        .iter()
        .find(|k| k.user_id == user)
        .expect("the key made");
    assert_eq!(key.alias.as_deref(), Some(alias), "stored as sent");
    key.key_id.clone()
}

/// No control character but the line ends, no bidi formatting character.
fn assert_inert(output: &Output) {
    for (name, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let raw: Vec<char> = text(bytes)
            .chars()
            .filter(|c| {
                (c.is_control() && *c != '\n')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            })
            .collect();
        assert!(raw.is_empty(), "{name} holds {raw:?}: {}", text(bytes));
    }
}

/// The lines of `out` that show the forged text: exactly one, on the line of `marker`.
fn assert_one_row(bytes: &[u8], marker: &str) {
    let shown = text(bytes);
    let forged: Vec<&str> = shown.lines().filter(|l| l.contains("FORGED")).collect();
    assert!(
        !forged.is_empty() && forged.iter().all(|l| l.contains(marker)),
        "the forged text is not on {marker}'s line: {shown}"
    );
}

#[test]
fn list_shows_a_hostile_alias_and_user_escaped_on_one_row() {
    let h = Harness::new();
    let id = create_raw(&h, HOSTILE, HOSTILE);
    let out = h.cmd().arg("list").succeeds();
    assert_inert(&out);
    let table = text(&out.stdout);
    assert_eq!(table.lines().count(), 2, "a header and one row: {table}");
    assert_one_row(&out.stdout, &id);
    assert!(table.contains("ev\\u{1b}[2Jil"), "{table}");
    assert!(table.contains("\\r\\nFORGED\\u{202e}txt"), "{table}");

    // JSON stays exact (serde escapes the controls); the filtered table too.
    let out = h.cmd().args(["list", "-o", "json"]).succeeds();
    assert_eq!(json(&out)[0]["alias"], HOSTILE);
    assert_eq!(json(&out)[0]["user_id"], HOSTILE);
    let out = h.cmd().args(["list", "-q"]).succeeds();
    assert_eq!(text(&out.stdout), format!("{id}\n"));
}

#[test]
fn audit_shows_a_hostile_user_escaped() {
    let h = Harness::new();
    let id = create_raw(&h, HOSTILE, HOSTILE);
    let findings = json(&h.cmd().args(["audit", "-o", "json"]).exits(1));
    let count = findings.as_array().unwrap().len();
    assert!(count >= 1);
    let out = h.cmd().arg("audit").exits(1);
    assert_inert(&out);
    let rows: Vec<String> = text(&out.stdout)
        .lines()
        .filter(|l| l.contains(&id))
        .map(String::from)
        .collect();
    assert_eq!(
        rows.len(),
        count,
        "one line per finding: {}",
        text(&out.stdout)
    );
    assert_one_row(&out.stdout, &id);
}

#[test]
fn offboard_dry_run_shows_a_hostile_alias_and_user_escaped() {
    let h = Harness::new();
    // The library refuses a user id with control characters, but not a bidi override.
    let user = "mallory\u{202e}txt";
    let id = create_raw(&h, user, HOSTILE);
    let out = h
        .cmd()
        .args(["offboard", "--dry-run", "--user", user])
        .succeeds();
    assert_inert(&out);
    let shown = text(&out.stdout);
    // The plan's line, the table's header and row, "Dry run".
    assert_eq!(shown.lines().count(), 4, "{shown}");
    assert!(
        shown.starts_with("Offboarding mallory\\u{202e}txt in org-test"),
        "{shown}"
    );
    assert_one_row(&out.stdout, &id);
    assert!(h.is_active(&id));

    // An error naming such a user stays one inert line too.
    let out = h
        .cmd()
        .args(["offboard", "--dry-run", "--user", HOSTILE])
        .exits(1);
    assert_inert(&out);
    assert_eq!(
        text(&out.stderr).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn scan_shows_a_hostile_file_name_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let secret = format!("AbCdEf1234.{}", "x".repeat(53));
    let name = HOSTILE.replace('/', "_");
    std::fs::write(dir.path().join(&name), format!("KEY={secret}\n")).unwrap();
    let out = bare_cmd().arg("scan").arg(dir.path()).exits(1);
    assert_inert(&out);
    assert_one_row(&out.stdout, "AbCdEf1234");
    let rows = text(&out.stdout)
        .lines()
        .filter(|l| l.contains("AbCdEf1234"))
        .count();
    assert_eq!(rows, 1, "{}", text(&out.stdout));
}

#[test]
fn csv_cells_that_spreadsheets_would_run_get_a_leading_quote() {
    let h = Harness::new();
    let id = create_raw(&h, "@SUM(1+1)", "=HYPERLINK(\"https://evil.test\")");
    let out = h.cmd().args(["list", "-o", "csv"]).succeeds();
    let csv = text(&out.stdout);
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with(&format!(
            "{id},{ORG},'@SUM(1+1),\"'=HYPERLINK(\"\"https://evil.test\"\")\",:user,active,"
        )),
        "{csv}"
    );
    // JSON keeps the values exact.
    let out = h.cmd().args(["list", "-o", "json"]).succeeds();
    assert_eq!(json(&out)[0]["user_id"], "@SUM(1+1)");
}

/// Every confirmation prompt escapes what it shows, whichever command built it. (Offboard's
/// user is the caller's own argument, which the library refuses with controls.)
#[test]
fn prompts_show_a_hostile_user_escaped() {
    if !crate::terminal::script_available() {
        return;
    }
    let h = Harness::new();
    let id = create_raw(&h, HOSTILE, "plain");
    for args in [
        vec!["revoke", &id, "--user", HOSTILE],
        vec!["rotate", &id, "--print-secret"],
    ] {
        let (screen, status) = crate::terminal::on_terminal(&h, &args, "n").unwrap();
        assert_eq!(status.code(), Some(1), "{args:?}: {screen}");
        assert!(screen.contains("ev\\u{1b}[2Jil"), "{args:?}: {screen}");
        for raw in ["\u{1b}[2J", "\u{1b}]8;;", "\u{202e}", "\r\nFORGED"] {
            assert!(
                !screen.contains(raw),
                "{args:?}: {raw:?} reached the terminal: {screen}"
            );
        }
    }
    assert!(h.is_active(&id));
}
