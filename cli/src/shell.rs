//! Commands the tool suggests ("revoke it with `whylabs-keys revoke ...`"), quoted for a POSIX
//! shell. Ids, user ids and paths come from the server or the command line; quoted, a user id
//! such as `bob$(touch x)` stays one harmless argument when the suggestion is pasted.

use std::borrow::Cow;

/// One argument, quoted only when a shell would otherwise read it as more than itself.
pub fn quote(arg: &str) -> Cow<'_, str> {
    // The one thing a POSIX shell cannot carry in an argument is NUL; no id or path the
    // tool suggests can hold one, but if a server sent one it is shown escaped, not pasted.
    shlex::try_quote(arg).unwrap_or_else(|_| Cow::Owned(format!("'{}'", arg.replace('\0', "\\0"))))
}

/// `whylabs-keys` followed by `args`, each quoted.
pub fn command<'a>(args: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = String::from("whylabs-keys");
    for arg in args {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_arguments_stay_as_they_are_and_others_are_quoted() {
        assert_eq!(
            command(["revoke", "fh4dUNV3WQ", "--user", "user-123"]),
            "whylabs-keys revoke fh4dUNV3WQ --user user-123"
        );
        assert_eq!(
            command(["revoke", "k", "--user", "bob$(touch x)"]),
            "whylabs-keys revoke k --user 'bob$(touch x)'"
        );
        assert_eq!(quote("it's"), "\"it's\"");
        assert_eq!(quote("a\0b"), "'a\\0b'");
    }
}
