//! [`twins!`]: the blocking twin of an async client's method, written as its signature only.
//! The body is the same for every twin of a kind, so a twin cannot drift from its async
//! method: it calls the method of the same name with the same arguments.
//!
//! Three kinds, each on the wrapped async value `self.$inner`:
//! - `call`: an `async fn` whose arguments are `&str`; the twin copies them (the call runs on
//!   the runtime thread), runs the call there and waits for its answer;
//! - `request`: a method returning a request builder; the twin wraps it in a blocking
//!   [`Request`](super::Request) bound to this client's runtime thread;
//! - `read`: a plain accessor, forwarded as it is.
//!
//! `tests/client/blocking_twins.rs` checks that every public method of the async `Client` and
//! `OrgClient` has its twin, reading these signatures from the source.

/// Writes blocking twins; see the [module](self).
macro_rules! twins {
    (call $inner:ident { $(
        $(#[$doc:meta])*
        pub fn $name:ident(&self $(, $arg:ident: &str)*) -> $output:ty;
    )* }) => {$(
        $(#[$doc])*
        pub fn $name(&self $(, $arg: &str)*) -> $output {
            let inner = self.$inner.clone();
            $(let $arg = $arg.to_string();)*
            self.runner.run(async move { inner.$name($(&$arg),*).await })
        }
    )*};
    (request $inner:ident { $(
        $(#[$doc:meta])*
        pub fn $name:ident(&self $(, $arg:ident: $type:ty)*) -> $output:ty;
    )* }) => {$(
        $(#[$doc])*
        pub fn $name(&self $(, $arg: $type)*) -> $output {
            crate::blocking::Request::new(self.$inner.$name($($arg),*), self.runner.clone())
        }
    )*};
    (read $inner:ident { $(
        $(#[$doc:meta])*
        pub fn $name:ident(&self) -> $output:ty;
    )* }) => {$(
        $(#[$doc])*
        pub fn $name(&self) -> $output {
            self.$inner.$name()
        }
    )*};
}
pub(super) use twins;
