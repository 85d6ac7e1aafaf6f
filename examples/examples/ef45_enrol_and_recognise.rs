//! EF-45: connect, enrol a user by face and iris, recognise them, read the
//! logs since a cursor, disconnect.
//!
//! Runs on the built-in simulated device unless `EF45_BASE_URL` is set
//! (e.g. `EF45_BASE_URL=http://192.168.0.100:9980/1.0`). Against a real
//! device, stand in front of it when asked; set `EF45_USER_UUID` to choose the
//! enrolled user's id (default `sdk-example-1`).
//!
//! `cargo run -p examples --no-default-features --features ef45 --example ef45_enrol_and_recognise`

use std::time::Duration;

use ef45_sdk::access_core::chrono::Local;
use ef45_sdk::access_core::model::CardNumber;
use ef45_sdk::access_core::traits::EventLog;
use ef45_sdk::camera::{CameraMode, CaptureModes};
use ef45_sdk::enrolment::{SaveFaceImage, SaveIrisImage};
use ef45_sdk::prelude::*;
use ef45_sdk::subjects::Subject;
use ef45_sdk::testkit::Ef45Sim;
use ef45_sdk::users::User;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The device at EF45_BASE_URL, or the simulated device. Building makes no
    // request: the client connects on the first call.
    let (client, simulator, base_url) = match std::env::var("EF45_BASE_URL") {
        Ok(url) => (Client::builder().base_url(&url).build()?, None, url),
        Err(_) => {
            let sim = Ef45Sim::start().await;
            let url = sim.uri();
            (sim.client(), Some(sim), url)
        }
    };
    let on_device = simulator.is_none();
    println!(
        "EF-45 at {base_url}{}",
        if on_device { "" } else { " (simulated)" }
    );

    // 1. Connect.
    let version = client.version().await?;
    if let Err(e) = client.connect().await {
        println!("   connect refused ({e}); taking the device over");
        client.take_over().await?;
    }
    println!("1. connected (app {})", version.version);

    // Where the log stands now: the cursor to resume from later.
    let before: Vec<_> = client.events_since(None).try_collect().await?;
    let cursor = before.last().map(|e| e.cursor.clone());
    println!(
        "   log has {} entries; cursor {}",
        before.len(),
        cursor
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_else(|| "(empty log)".into())
    );

    // 2. Enrol by face and iris.
    client.camera().set_mode(CameraMode::Slave).await?;
    let now = Local::now().naive_local();
    client
        .camera()
        .set_time(ef45_sdk::model::DeviceTime::new(now)?)
        .await?;
    if on_device {
        println!("2. look at the device now (face and both eyes)...");
    }
    // A person needs time to step up; the simulator answers at once.
    let every = Duration::from_millis(if on_device { 500 } else { 20 });
    let mut records = client
        .enrolment()
        .capture(
            CaptureModes::face_and_both_eyes(),
            PollPolicy::every(every, Duration::from_secs(60)),
        )
        .await?;
    let capture = records.remove(0);
    println!(
        "2. captured: iris templates {}, faces {}",
        capture.has_iris(),
        capture.faces.len()
    );
    client.send(&SaveIrisImage::new()).await?;
    client.send(&SaveFaceImage::new()).await?;
    let image = client
        .enrolment()
        .load_image("lefteye.bmp")
        .await?
        .bytes()?;
    println!(
        "   left eye image saved and read back: {} bytes",
        image.len()
    );

    let uuid =
        UserUuid::new(std::env::var("EF45_USER_UUID").unwrap_or_else(|_| "sdk-example-1".into()))?;
    let subject = Subject::new(uuid.clone(), "Virtanen", "Aino")?.templates(
        capture.left_eye_template.clone(),
        capture.right_eye_template.clone(),
    );
    // The handle fills in the device's record version (read once per connection).
    let dup = client.subjects().check_duplication(subject.clone()).await?;
    if dup.duplicated == Some(true) {
        println!(
            "   note: this iris is already enrolled as {:?}",
            dup.user_uuid
        );
    }
    let user = User::new(subject)
        .card(CardNumber::from_hex_pairs("0A 1B 2C 3D")?)
        .faces(capture.faces.clone());
    client.users().save(user).await?;
    println!("   enrolled user {uuid} with card 0A 1B 2C 3D");

    // 3. Recognise.
    if let Some(sim) = &simulator {
        sim.present(&uuid);
    } else {
        println!("3. present yourself at the device...");
    }
    let recognised = client
        .recognition()
        .match_stream(PollPolicy::every(
            Duration::from_millis(200),
            Duration::from_secs(60),
        ))
        .next()
        .await
        .transpose()?;
    match recognised {
        Some(m) => println!(
            "3. recognised {}: {} ({})",
            m.user_uuid
                .map(|u| u.to_string())
                .unwrap_or_else(|| "an unknown user".into()),
            m.additional_data.unwrap_or_default(),
            m.info.unwrap_or_default()
        ),
        None => println!("3. nobody recognised within a minute"),
    }

    // 4. Logs since the cursor.
    let new: Vec<_> = client.events_since(cursor).try_collect().await?;
    println!("4. {} new log entries:", new.len());
    for e in &new {
        println!(
            "   #{} {} {} person={}",
            e.id,
            e.occurred_at.format("%Y-%m-%d %H:%M:%S"),
            e.kind,
            e.person.as_deref().unwrap_or("-")
        );
    }
    if let Some(last) = new.last() {
        println!("   store this cursor for next time: {}", last.cursor);
    }

    // 5. Disconnect.
    client.disconnect().await?;
    println!("5. disconnected");
    Ok(())
}
