//! The blocking client, outside any runtime and inside one (where `reqwest::blocking` panics):
//! the same calls, the same answers.

use std::thread;

use whylabs_api_keys::Scope;
use whylabs_api_keys::blocking::Client;
use whylabs_api_keys_emulator::Emulator;

/// An emulator served by a runtime on threads of its own, so that a test blocking its own
/// thread (or its own runtime) does not stall the server. Dropped on a plain thread: a
/// runtime may not be dropped inside another.
struct Served {
    runtime: Option<tokio::runtime::Runtime>,
    emulator: Option<Emulator>,
}

impl Served {
    fn start() -> Served {
        thread::spawn(|| {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            let emulator = runtime.block_on(Emulator::start());
            Served {
                runtime: Some(runtime),
                emulator: Some(emulator),
            }
        })
        .join()
        .unwrap()
    }

    fn client(&self) -> Client {
        Client::new(self.emulator.as_ref().unwrap().client()).unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let (runtime, emulator) = (self.runtime.take(), self.emulator.take());
        thread::spawn(move || {
            drop(emulator);
            drop(runtime);
        })
        .join()
        .unwrap();
    }
}

/// The key lifecycle through the blocking client.
fn lifecycle(client: &Client) {
    let created = client
        .create_key("org-1", "user-1")
        .alias("batch")
        .scopes([Scope::User])
        .send()
        .unwrap();
    assert_eq!(created.key.alias.as_deref(), Some("batch"));
    let listed = client.list_keys("org-1").user("user-1").send().unwrap();
    assert_eq!(listed, std::slice::from_ref(&created.key));
    assert_eq!(
        client.get_key("org-1", &created.key.key_id).unwrap(),
        Some(created.key.clone())
    );
    let rotated = client.rotate_key(&created.key).send().unwrap();
    assert!(rotated.revoked.revoked);
    let revoked = client
        .revoke_key("org-1", "user-1", &rotated.created.key.key_id)
        .unwrap();
    assert!(revoked.revoked);
    client.validate_key().unwrap();
    let unknown = client.revoke_key("org-1", "user-1", "HMiFAgQeNb");
    assert!(unknown.unwrap_err().is_not_found());
}

#[test]
fn works_outside_any_runtime() {
    let served = Served::start();
    lifecycle(&served.client());
}

#[tokio::test(flavor = "current_thread")]
async fn works_inside_a_current_thread_runtime() {
    let served = Served::start();
    lifecycle(&served.client());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_inside_a_multi_thread_runtime_and_from_several_threads() {
    let served = Served::start();
    let client = served.client();
    let workers: Vec<_> = (0..4)
        .map(|i| {
            let client = client.clone();
            thread::spawn(move || {
                client
                    .create_key("org-2", format!("user-{i}"))
                    .send()
                    .unwrap()
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(client.list_keys("org-2").send().unwrap().len(), 4);
}

/// The blocking `OrgClient` answers as the async one does, inside a runtime too.
#[tokio::test(flavor = "current_thread")]
async fn the_org_client_mirrors_the_async_one() {
    let served = Served::start();
    let client = served.client();
    let no_default = client.default_org().unwrap_err();
    assert!(
        matches!(no_default, whylabs_api_keys::Error::Config { name, .. } if name == "WHYLABS_DEFAULT_ORG_ID"),
        "{no_default:?}"
    );
    let org = client.org("org-3");
    assert_eq!(org.org_id(), "org-3");
    let created = org.create_key("user-1").alias("nightly").send().unwrap();
    assert_eq!(created.key.org_id, "org-3");
    assert_eq!(
        org.list_keys().send().unwrap(),
        std::slice::from_ref(&created.key)
    );
    assert_eq!(
        org.get_key(&created.key.key_id).unwrap(),
        Some(created.key.clone())
    );
    let async_org = client.as_async().org("org-3");
    let seen_async = async_org.get_key(&created.key.key_id).await.unwrap();
    assert_eq!(seen_async, Some(created.key.clone()));
    assert!(
        org.revoke_key("user-1", &created.key.key_id)
            .unwrap()
            .revoked
    );
    assert_eq!(org.get_key(&created.key.key_id).unwrap(), None);
    let unknown = org.revoke_key("user-1", "HMiFAgQeNb");
    assert!(unknown.unwrap_err().is_not_found());
}
