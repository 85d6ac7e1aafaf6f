//! Faults injected into the simulated EF-45 arrive as the SDK's typed EF-45
//! errors (the router writes them in the device's error body), aimed faults
//! leave other endpoints alone, and `reset()` restores the seed.

#![cfg(feature = "testkit")]

use access_core::http::RetryPolicy;
use access_core::testkit::SimError;
use access_core::{ErrorKind, ServiceError};
use ef45_sdk::UserUuid;
use ef45_sdk::camera::{CameraMode, CameraSettings, GetCameraSettings, GetCameraSettingsError};
use ef45_sdk::error::{DeviceCode, DeviceErrorCode};
use ef45_sdk::subjects::{SaveSubjectError, Subject};
use ef45_sdk::testkit::Ef45Sim;
use ef45_sdk::users::{GetUser, GetUserError};

fn user(id: &str) -> UserUuid {
    UserUuid::new(id).unwrap()
}

#[tokio::test]
async fn an_injected_device_code_reaches_the_endpoint_enum_row() {
    let sim = Ef45Sim::start().await;
    let c = sim.client();
    sim.faults()
        .endpoint::<GetUser>()
        .fail_next_with_error(1, SimError::coded(404, "-761", "user uuid does not exist"));
    let e = c.users().get(&user("111")).await.unwrap_err();
    assert!(
        matches!(e.service_error(), Some(GetUserError::NotFound { .. })),
        "{e:?}"
    );
    assert_eq!(
        e.service_error().unwrap().device_code(),
        Some(DeviceErrorCode::UserNotFound)
    );
    assert_eq!(e.kind(), ErrorKind::NotFound);
    // The fault is spent: the seeded user is there.
    assert_eq!(
        c.users().get(&user("111")).await.unwrap().subject.last_name,
        "Park"
    );

    // An injected 500 with a database code is the general DeviceFault row.
    sim.faults()
        .fail_next_with_error(1, SimError::coded(500, "-1100", "DB integrity error"));
    let subject = Subject::new(user("77"), "Doe", "Jo").unwrap();
    let e = c.subjects().save(subject).await.unwrap_err();
    assert!(
        matches!(
            e.service_error(),
            Some(SaveSubjectError::DeviceFault { .. })
        ),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Device);
    assert_eq!(e.status(), Some(500));
}

#[tokio::test]
async fn an_injected_status_is_read_as_the_device_error_body() {
    let sim = Ef45Sim::start().await;
    let c = sim
        .client_builder()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    c.connect().await.unwrap();
    sim.faults().fail_next_with(1, 500);
    let e = c.camera().settings().await.unwrap_err();
    // The device's body was read (a code-less failure no row names), not an
    // unexpected answer: its message is the injected one.
    let service = e.service_error().expect("the device's error body");
    assert!(matches!(
        service,
        GetCameraSettingsError::Unknown { status: 500, .. }
    ));
    assert_eq!(ServiceError::message(service), Some("injected 500"));
    assert_eq!(service.code(), None);
    assert_eq!(e.kind(), ErrorKind::Other);
    // 404 without a device code: the endpoint's documented NotFound row.
    sim.faults().fail_next_with(1, 404);
    let e = c.camera().settings().await.unwrap_err();
    assert!(matches!(
        e.service_error(),
        Some(GetCameraSettingsError::NotFound { .. })
    ));
}

#[tokio::test]
async fn an_aimed_fault_leaves_other_endpoints_alone_and_is_counted() {
    let sim = Ef45Sim::start().await;
    let c = sim
        .client_builder()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    sim.faults().endpoint::<GetCameraSettings>().fail_next(2);
    sim.faults().at("DELETE /user/{user_uuid}").fail_next(1);
    assert_eq!(sim.faults().pending(), 3);

    // Other endpoints, the same path with another method, the lock: untouched.
    assert_eq!(c.version().await.unwrap().version, "1.2.34");
    c.camera()
        .update(CameraSettings::mode(CameraMode::Slave))
        .await
        .unwrap();
    c.users().get(&user("1")).await.unwrap();
    c.subjects().get(&user("2")).await.unwrap();
    assert_eq!((sim.faults().fired(), sim.faults().pending()), (0, 3));

    let e = c.camera().settings().await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    let e = c.camera().settings().await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    let e = c.users().delete(&user("2")).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!((sim.faults().fired(), sim.faults().pending()), (3, 0));
    // Spent: everything answers again, and user 2 was never deleted.
    c.camera().settings().await.unwrap();
    c.users().get(&user("2")).await.unwrap();
}

#[tokio::test]
async fn reset_restores_the_seed_and_forgets_faults_and_traffic() {
    let sim = Ef45Sim::start().await;
    let c = sim.client();
    c.users().delete(&user("111")).await.unwrap();
    assert!(c.users().get(&user("111")).await.is_err());
    sim.set_apb_violation(&user("1"));
    sim.faults().fail_next(5);
    assert!(sim.is_locked());
    assert!(sim.log_len() > 3);

    sim.reset();
    assert_eq!(sim.faults().pending(), 0);
    assert_eq!(sim.faults().fired(), 0);
    assert!(sim.requests().is_empty());
    assert_eq!(sim.count("DELETE", "/1.0/user/111"), 0);
    assert!(!sim.is_locked());
    assert!(!sim.apb_violation(&user("1")));
    assert_eq!(sim.log_len(), 3);
    assert_eq!(sim.user_count(), 3);

    // The client's lock went with the reset: it takes the lock back and
    // finds the seeded user.
    assert_eq!(
        c.users()
            .get(&user("111"))
            .await
            .unwrap()
            .subject
            .first_name,
        "Sora"
    );
    assert_eq!(sim.count("PUT", "/1.0/lock"), 1);
}
