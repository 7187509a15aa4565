//! An organization named with `--org` against the key's own. A WhyLabs key ends in
//! `:org-id`; a v1 call for another organization is allowed only when the key's organization
//! manages it, which the client cannot know. So the mismatch is noted before sending and, when
//! the server refuses with 403, the refusal is explained: which organization the key belongs
//! to, and that the one named is neither it nor one it manages.

use whylabs_api_keys::Error;

use crate::api::session::Session;
use crate::error::CliError;

/// Notes (at `-v`) that a v1 call names an organization other than the key's own.
pub fn note_mismatch(session: &Session, org: Option<&str>) {
    if let (Some(named), Some(own)) = (org, session.key_org())
        && named != own
    {
        tracing::info!(
            key_org = own,
            org = named,
            "the key belongs to another organization: asking for it as a managed organization"
        );
    }
}

/// The error for a failed v1 call on `org` (`None`: the key's own): a 403 for another
/// organization is explained, anything else reported as it is.
pub fn v1_error(session: &Session, doing: &str, org: Option<&str>, error: &Error) -> CliError {
    if error.is_forbidden()
        && let Some(explained) = forbidden_org(session, doing, org)
    {
        return explained;
    }
    CliError::api(doing, error)
}

/// What a 403 for the organization `org` means, when it is not the key's own; `None` when
/// the organization is not the question.
pub fn forbidden_org(session: &Session, doing: &str, org: Option<&str>) -> Option<CliError> {
    let named = org?;
    let message = match session.key_org() {
        Some(own) if own == named => return None,
        Some(own) => format!(
            "{doing}: the server refused (403): the key belongs to organization {own}; {named} \
             is not {own}, and the server refused {named} as an organization {own} manages \
             (X-WHYLABS-ORGANIZATION). Use --org {own}, or a key of {named} or of an \
             organization that manages it"
        ),
        None => format!(
            "{doing}: the server refused (403) the organization {named}: the key belongs neither \
             to it nor to an organization that manages it, or it is not an administrator's key"
        ),
    };
    Some(CliError::failed(message))
}
