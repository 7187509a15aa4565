//! Routing a call to v0 or v1: [`Session::either`] runs v0 and falls back to v1 when `auto`
//! meets a 403 (the key is no system key); [`Session::v0_only`] runs what v1 cannot serve and
//! says plainly when the key is not a system key.

use std::future::{Future, IntoFuture};

use whylabs_api_keys::Error;

use crate::api::choice::{Api, ApiChoice};
use crate::api::session::Session;
use crate::error::{CliError, CliResult};

impl Session {
    /// Runs `v0`, or `v1` when the choice is v1 or v0 was refused with 403 under auto.
    /// Futures do nothing until awaited, so the path not taken sends nothing.
    pub(super) async fn either<T>(
        &self,
        doing: &str,
        v0: impl IntoFuture<Output = whylabs_api_keys::Result<T>>,
        v1: impl Future<Output = CliResult<T>>,
    ) -> CliResult<T> {
        if self.api() == Api::V0 {
            match v0.await {
                Ok(value) => {
                    self.settle_on_v0();
                    return Ok(value);
                }
                Err(error) if self.falls_back(&error) => {}
                Err(error) => return Err(self.v0_error(doing, &error)),
            }
        }
        v1.await
    }

    /// Runs `v0` for an operation v1 cannot serve (`v1_lacks` names what v1 has not); says so
    /// plainly when the key is not a system key.
    pub(super) async fn v0_only<T>(
        &self,
        doing: &str,
        v1_lacks: &str,
        v0: impl IntoFuture<Output = whylabs_api_keys::Result<T>>,
    ) -> CliResult<T> {
        if self.api() == Api::V1 {
            return Err(needs_system_key(doing, v1_lacks, "v1 was chosen"));
        }
        match v0.await {
            Ok(value) => {
                self.settle_on_v0();
                Ok(value)
            }
            Err(error) if error.is_forbidden() => Err(needs_system_key(
                doing,
                v1_lacks,
                "the server refused v0 with 403, so the key is not a system key",
            )),
            Err(error) => Err(CliError::api(doing, &error)),
        }
    }

    /// Records that v0 answered, saying so (at `-v`) the first time.
    fn settle_on_v0(&self) {
        if self.resolved.replace(Some(Api::V0)).is_none() {
            tracing::info!("v0 answered: a system key, using the v0 API");
        }
    }

    /// Under auto, a 403 from v0 means the key is no system key: use v1 from now on.
    fn falls_back(&self, error: &Error) -> bool {
        // Concurrent calls (one per organization) may each see the 403: all fall back.
        let fall_back = self.choice == ApiChoice::Auto
            && self.resolved.get() != Some(Api::V0)
            && error.is_forbidden();
        if fall_back {
            tracing::info!("v0 answered 403: not a system key, using the v1 API");
            self.resolved.set(Some(Api::V1));
        }
        fall_back
    }

    fn v0_error(&self, doing: &str, error: &Error) -> CliError {
        if error.is_forbidden() {
            return CliError::failed(format!(
                "{doing}: the server refused the v0 API (403): it needs a system key \
                 (:whylabs_system); with an organization administrator's key use --api v1 \
                 or --api auto"
            ));
        }
        CliError::api(doing, error)
    }
}

fn needs_system_key(doing: &str, v1_lacks: &str, why: &str) -> CliError {
    CliError::failed(format!(
        "{doing}: this needs a system key (:whylabs_system) and the v0 API ({why}); \
         the v1 API an administrator's key uses has no {v1_lacks}"
    ))
}
