//! The EF-45 client and its builder.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use access_core::http::{CallOptions, Endpoint, Transport, TransportBuilder};
use access_core::{Error, PollPolicy, Tick, ValidationError, poll_stream};
use futures_core::Stream;
use futures_util::{TryStreamExt, stream};

use crate::auth::{ConnectPolicy, LockSession, LostLockPolicy};
use crate::camera::{
    CameraMode, CameraSettings, CaptureModes, GetCameraSettings, GetPreview, PreviewFrame,
    SetDeviceTime, StartCamera, StopCamera, UpdateCameraSettings,
};
use crate::device::{
    ClearAllAntiPassback, ClearAntiPassback, DeviceControl, GetSetting, SetSetting, SettingType,
    SettingValue, StartCardInput, TypedSetting,
};
use crate::enrolment::{
    BiometricDataVersion, BiometricRecord, DeleteBiometricData, GetBiometricData, LoadImage,
    LoadedImage, SaveImage,
};
use crate::error::{CameraError, DeviceError, FirmwareError, LockError, LogError, RecordError};
use crate::faces::{DeleteFace, Face, FaceSubId, FacesOfUser, ListFaces};
use crate::firmware::{
    AbortFirmware, FirmwareProgress, FirmwareResult, UNIT_RAW_BYTES, UploadFirmwareFinal,
    UploadFirmwareUnit, read_unit,
};
use crate::lock::{AppVersion, Connect, Disconnect, GetVersion, TakeOver};
use crate::logs::{ListLogs, LogEntry, LogsFromTo};
use crate::recognition::{DeleteMatchData, DoorStatus, GetDoorStatus, GetMatchData, MatchRecord};
use crate::subjects::{DeleteSubject, GetSubject, ListSubjects, SaveSubject, Subject};
use crate::types::{Ack, DeviceTime, LockUid, Page, Paging, UserUuid};
use crate::users::{
    DeleteUser, DeleteUserInfo, GetUser, GetUserInfo, SaveUser, SaveUserInfo, User, UserInfo,
    UserInfoByCard,
};

/// The device's REST port \[V\].
pub const DEFAULT_PORT: u16 = 9980;

/// The response size limit of ordinary calls (2 MiB): EF-45 JSON answers are small.
pub const DEFAULT_RESPONSE_LIMIT: usize = 2 * 1024 * 1024;

/// The per-call limit for biometric data and images (12 MiB): the seed says
/// biometric data is "about 5 MB"; the margin covers base64 line breaks and
/// larger captures.
pub const BIOMETRIC_DATA_LIMIT: usize = 12 * 1024 * 1024;

/// A boxed stream of results, as the client's polling and paging calls answer.
pub type ResultStream<T, E> = std::pin::Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send>>;

/// Builds a [`Client`].
pub struct ClientBuilder {
    transport: TransportBuilder,
    connect: ConnectPolicy,
    lost: LostLockPolicy,
    biometric: Option<BiometricDataVersion>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("transport", &self.transport)
            .field("connect", &self.connect)
            .field("lost", &self.lost)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    // base_url (including `/1.0`, e.g. `http://192.168.0.100:9980/1.0`), http_client,
    // timeouts, retry (reads only; writes are never retried), the size limit of
    // ordinary answers (default DEFAULT_RESPONSE_LIMIT), clock.
    access_core::transport_setters!(transport);

    /// The device's address (IP or host name): the base URL becomes
    /// `http://{host}:9980/1.0`. The device speaks plain HTTP only \[V\].
    pub fn device(self, host: &str) -> Self {
        self.base_url(format!("http://{host}:{DEFAULT_PORT}/1.0"))
    }

    /// How the first lock is obtained (default [`ConnectPolicy::ConnectOrTakeOver`]).
    pub fn connect_policy(mut self, policy: ConnectPolicy) -> Self {
        self.connect = policy;
        self
    }

    /// What happens when the lock is lost (default [`LostLockPolicy::TakeOver`]).
    pub fn lost_lock_policy(mut self, policy: LostLockPolicy) -> Self {
        self.lost = policy;
        self
    }

    /// Fixes the biometric-data endpoint version instead of asking the device's
    /// version on first use.
    pub fn biometric_data_version(mut self, version: BiometricDataVersion) -> Self {
        self.biometric = Some(version);
        self
    }

    /// Builds the client. No request is sent until the first call.
    pub fn build(self) -> Result<Client, ValidationError> {
        let transport = self.transport.build()?;
        let clock = transport.clock().clone();
        Ok(Client {
            inner: Arc::new(Inner {
                session: LockSession::new(clock, self.connect, self.lost),
                transport,
                biometric: self.biometric,
                version: std::sync::Mutex::new(None),
            }),
        })
    }
}

struct Inner {
    transport: Transport,
    session: LockSession,
    biometric: Option<BiometricDataVersion>,
    version: std::sync::Mutex<Option<AppVersion>>,
}

/// An EF-45 device client. Cheap to clone; clones share the lock session.
///
/// The client obtains the lock on the first call that needs it and adds
/// `lock_uid` to every call (see [`crate::auth`]). Call
/// [`Client::disconnect`] when done so other clients can connect.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("transport", &self.inner.transport)
            .field("session", &self.inner.session)
            .finish()
    }
}

fn retype<E: access_core::ServiceError, F>(
    e: Error<E>,
    f: impl FnOnce(u16, String) -> F,
) -> Error<F> {
    e.map_service(|status, err| f(status, err.to_string()))
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            transport: Transport::builder("ef45").max_response_bytes(DEFAULT_RESPONSE_LIMIT),
            connect: ConnectPolicy::default(),
            lost: LostLockPolicy::default(),
            biometric: None,
        }
    }

    /// The transport (base URL, configuration).
    pub fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// The lock session.
    pub fn session(&self) -> &LockSession {
        &self.inner.session
    }

    /// Sends any endpoint with the lock attached.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error<E::Error>> {
        self.inner
            .transport
            .send(endpoint, Some(&self.inner.session))
            .await
    }

    /// Sends any endpoint with per-call options (timeouts, size limit).
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> Result<E::Output, Error<E::Error>> {
        self.inner
            .transport
            .send_with(endpoint, Some(&self.inner.session), options)
            .await
    }

    /// `POST /lock`: connects now. Does nothing when this client already holds
    /// a lock. Fails with [`LockError::AlreadyLocked`] while another client
    /// holds the device (use [`Client::take_over`] to take it).
    pub async fn connect(&self) -> Result<(), Error<LockError>> {
        if self.inner.session.current().await.is_some() {
            return Ok(());
        }
        let grant = self.inner.transport.send(&Connect::new(), None).await?;
        self.inner.session.install(grant.lock_uid).await;
        Ok(())
    }

    /// `PUT /lock`: takes the device over from whoever holds it.
    pub async fn take_over(&self) -> Result<(), Error<LockError>> {
        let grant = self.inner.transport.send(&TakeOver::new(), None).await?;
        self.inner.session.install(grant.lock_uid).await;
        Ok(())
    }

    /// `DELETE /lock/{lock_uid}`: releases the lock, if this client holds one.
    pub async fn disconnect(&self) -> Result<(), Error<LockError>> {
        if let Some(uid) = self.inner.session.release().await {
            self.inner
                .transport
                .send(&Disconnect::new(uid), None)
                .await?;
        }
        Ok(())
    }

    /// The lock this client holds now, if any (no request).
    pub async fn lock_uid(&self) -> Option<LockUid> {
        self.inner.session.current().await
    }

    /// `GET /version`: the app version (asked once, then remembered until a
    /// firmware upgrade).
    pub async fn version(&self) -> Result<AppVersion, Error<LockError>> {
        if let Some(v) = self.remembered_version() {
            return Ok(v);
        }
        let v = self.inner.transport.send(&GetVersion::new(), None).await?;
        *self.inner.version.lock().unwrap_or_else(|e| e.into_inner()) = Some(v.clone());
        Ok(v)
    }

    fn remembered_version(&self) -> Option<AppVersion> {
        self.inner
            .version
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn forget_version(&self) {
        *self.inner.version.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The biometric-data endpoint version: as configured, or from the app
    /// version (1.2.34 and later use the revised endpoint).
    pub async fn biometric_data_version(&self) -> Result<BiometricDataVersion, Error<LockError>> {
        if let Some(v) = self.inner.biometric {
            return Ok(v);
        }
        Ok(if self.version().await?.has_revised_biometric_data() {
            BiometricDataVersion::Revised
        } else {
            BiometricDataVersion::Original
        })
    }

    /// Camera calls.
    pub fn camera(&self) -> CameraApi<'_> {
        CameraApi { client: self }
    }

    /// Enrolment: biometric data, capture, images.
    pub fn enrolment(&self) -> EnrolmentApi<'_> {
        EnrolmentApi { client: self }
    }

    /// Subjects, user info, users and faces.
    pub fn records(&self) -> RecordsApi<'_> {
        RecordsApi { client: self }
    }

    /// Match data and door status.
    pub fn recognition(&self) -> RecognitionApi<'_> {
        RecognitionApi { client: self }
    }

    /// The event log.
    pub fn logs(&self) -> LogsApi<'_> {
        LogsApi { client: self }
    }

    /// Device settings, control, card input, anti-passback.
    pub fn device(&self) -> DeviceApi<'_> {
        DeviceApi { client: self }
    }

    /// Firmware upgrade.
    pub fn firmware(&self) -> FirmwareApi<'_> {
        FirmwareApi { client: self }
    }
}

/// Pages through a list until `has_more` is false, one page in memory at a time.
pub(crate) fn paged<T, E, F, Fut>(
    page_size: u32,
    mut fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>> + Send
where
    T: Send + 'static,
    E: Send + 'static,
    F: FnMut(Paging) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<Page<T>, Error<E>>> + Send,
{
    let page_size = page_size.max(1);
    stream::try_unfold((1u32, false), move |(page, done)| {
        let fut = if done {
            None
        } else {
            Paging::sized(page, page_size).ok().map(&mut fetch)
        };
        async move {
            let Some(fut) = fut else {
                return Ok::<_, Error<E>>(None);
            };
            let p = fut.await?;
            let more = p.has_more && !p.items.is_empty();
            Ok(Some((p.items, (page + 1, !more))))
        }
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
}

/// Camera calls (see [`crate::camera`]).
#[derive(Debug, Clone, Copy)]
pub struct CameraApi<'a> {
    client: &'a Client,
}

impl CameraApi<'_> {
    /// `GET /camera`.
    pub async fn settings(&self) -> Result<CameraSettings, Error<CameraError>> {
        self.client.send(&GetCameraSettings::new()).await
    }

    /// `POST /camera`.
    pub async fn update(&self, settings: CameraSettings) -> Result<Ack, Error<CameraError>> {
        self.client
            .send(&UpdateCameraSettings::new(settings)?)
            .await
    }

    /// Sets the camera mode (keeping the other settings as the device has them).
    pub async fn set_mode(&self, mode: CameraMode) -> Result<Ack, Error<CameraError>> {
        let mut current = self.settings().await?;
        current.camera_mode = Some(mode);
        self.update(current).await
    }

    /// Sets the device clock.
    pub async fn set_time(&self, time: DeviceTime) -> Result<Ack, Error<CameraError>> {
        self.client.send(&SetDeviceTime::new(time)).await
    }

    /// Starts the camera (enrolment settings).
    pub async fn start(&self, modes: CaptureModes) -> Result<Ack, Error<CameraError>> {
        self.client.send(&StartCamera::new(modes)?).await
    }

    /// Stops the camera.
    pub async fn stop(&self) -> Result<Ack, Error<CameraError>> {
        self.client.send(&StopCamera::new()).await
    }

    /// `GET /preview` once: `None` is "no frame yet" (204).
    pub async fn preview(&self) -> Result<Option<PreviewFrame>, Error<CameraError>> {
        self.client.send(&GetPreview::new()).await
    }

    /// Live preview frames while the camera runs, until `policy`'s timeout or
    /// until dropped.
    pub fn preview_stream(&self, policy: PollPolicy) -> ResultStream<PreviewFrame, CameraError> {
        let client = self.client.clone();
        Box::pin(poll_stream(policy, move || {
            let client = client.clone();
            async move {
                Ok(match client.send(&GetPreview::new()).await? {
                    Some(frame) => Tick::Item(frame),
                    None => Tick::Nothing,
                })
            }
        }))
    }
}

/// Enrolment calls (see [`crate::enrolment`]).
#[derive(Debug, Clone, Copy)]
pub struct EnrolmentApi<'a> {
    client: &'a Client,
}

async fn read_biometric(client: &Client) -> Result<Page<BiometricRecord>, Error<CameraError>> {
    let version = client.biometric_data_version().await.map_err(|e| {
        retype(e, |status, message| CameraError::Unknown {
            status,
            message,
        })
    })?;
    client
        .send_with(
            &GetBiometricData::new(version),
            &CallOptions::new().max_response_bytes(BIOMETRIC_DATA_LIMIT),
        )
        .await
}

async fn clear_biometric(
    client: &Client,
    records: &[BiometricRecord],
) -> Result<(), Error<CameraError>> {
    for r in records {
        if let Some(id) = &r.encounter_id {
            client.send(&DeleteBiometricData::new(id.clone())).await?;
        }
    }
    Ok(())
}

impl EnrolmentApi<'_> {
    /// Reads the biometric-data buffer once (the endpoint version chosen as the
    /// client says), with the [`BIOMETRIC_DATA_LIMIT`] size limit.
    pub async fn biometric_data(&self) -> Result<Page<BiometricRecord>, Error<CameraError>> {
        read_biometric(self.client).await
    }

    /// Clears what is in the buffer (the documented step before camera start).
    pub async fn clear_buffer(&self) -> Result<usize, Error<CameraError>> {
        let page = read_biometric(self.client).await?;
        clear_biometric(self.client, &page.items).await?;
        Ok(page.items.len())
    }

    /// Polls the biometric-data buffer until a capture arrives or `policy`
    /// times out; yields every record of the capture, then **deletes them from
    /// the buffer by `encounter_id`** and ends. Ends without items on timeout.
    pub fn capture_stream(&self, policy: PollPolicy) -> ResultStream<BiometricRecord, CameraError> {
        let client = self.client.clone();
        Box::pin(
            poll_stream(policy, move || {
                let client = client.clone();
                async move {
                    let page = read_biometric(&client).await?;
                    if page.items.is_empty() {
                        return Ok::<_, Error<CameraError>>(Tick::Nothing);
                    }
                    clear_biometric(&client, &page.items).await?;
                    Ok(Tick::Last(page.items))
                }
            })
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten(),
        )
    }

    /// The full recipe: clear the buffer, start the camera with `modes`, wait
    /// for the capture (see [`EnrolmentApi::capture_stream`]). Fails with
    /// `Error::StillPending` when nothing arrives within `policy`'s timeout
    /// (the camera is then stopped). Set the camera mode to `Slave` first.
    pub async fn capture(
        &self,
        modes: CaptureModes,
        policy: PollPolicy,
    ) -> Result<Vec<BiometricRecord>, Error<CameraError>> {
        let start = StartCamera::new(modes)?;
        self.clear_buffer().await?;
        self.client.send(&start).await?;
        let timeout = policy.timeout;
        let records: Vec<BiometricRecord> = self.capture_stream(policy).try_collect().await?;
        if records.is_empty() {
            let _ = self.client.send(&StopCamera::new()).await;
            return Err(Error::StillPending {
                waited: timeout.unwrap_or_default(),
                what: "EF-45 capture (biometric data)".into(),
            });
        }
        Ok(records)
    }

    /// Loads an image by file name.
    pub async fn load_image(&self, filename: &str) -> Result<LoadedImage, Error<CameraError>> {
        self.client
            .send_with(
                &LoadImage::new(filename)?,
                &CallOptions::new().max_response_bytes(BIOMETRIC_DATA_LIMIT),
            )
            .await
    }

    /// Saves an image by file name.
    pub async fn save_image(
        &self,
        filename: &str,
        bytes: &[u8],
    ) -> Result<Ack, Error<CameraError>> {
        self.client.send(&SaveImage::new(filename, bytes)?).await
    }
}

/// Record calls: subjects, user info, users, faces.
#[derive(Debug, Clone, Copy)]
pub struct RecordsApi<'a> {
    client: &'a Client,
}

impl RecordsApi<'_> {
    /// Every subject, paged for you (`page_size` rows a request).
    pub fn subjects(&self, page_size: u32) -> ResultStream<Subject, RecordError> {
        let client = self.client.clone();
        Box::pin(paged(page_size, move |p| {
            let client = client.clone();
            async move { client.send(&ListSubjects::new(p)).await }
        }))
    }

    /// One subject.
    pub async fn subject(&self, user: &UserUuid) -> Result<Subject, Error<RecordError>> {
        self.client.send(&GetSubject::new(user.clone())).await
    }

    /// Adds or updates a subject.
    pub async fn save_subject(&self, subject: Subject) -> Result<Ack, Error<RecordError>> {
        self.client.send(&SaveSubject::new(subject)?).await
    }

    /// Deletes a subject.
    pub async fn delete_subject(&self, user: &UserUuid) -> Result<Ack, Error<RecordError>> {
        self.client.send(&DeleteSubject::new(user.clone())).await
    }

    /// One user-info row.
    pub async fn user_info(&self, user: &UserUuid) -> Result<UserInfo, Error<RecordError>> {
        self.client.send(&GetUserInfo::new(user.clone())).await
    }

    /// The user-info row of a card (hex pairs).
    pub async fn user_info_by_card(
        &self,
        card: &access_core::model::CardNumber,
    ) -> Result<UserInfo, Error<RecordError>> {
        self.client.send(&UserInfoByCard::new(card.clone())?).await
    }

    /// Adds or updates a user-info row.
    pub async fn save_user_info(&self, info: UserInfo) -> Result<Ack, Error<RecordError>> {
        self.client.send(&SaveUserInfo::new(info)).await
    }

    /// Deletes a user-info row.
    pub async fn delete_user_info(&self, user: &UserUuid) -> Result<Ack, Error<RecordError>> {
        self.client.send(&DeleteUserInfo::new(user.clone())).await
    }

    /// Adds or updates a whole user with faces.
    pub async fn save_user(&self, user: User) -> Result<Ack, Error<RecordError>> {
        self.client.send(&SaveUser::new(user)?).await
    }

    /// One whole user.
    pub async fn user(&self, user: &UserUuid) -> Result<User, Error<RecordError>> {
        self.client.send(&GetUser::new(user.clone())).await
    }

    /// Deletes a user from every table.
    pub async fn delete_user(&self, user: &UserUuid) -> Result<Ack, Error<RecordError>> {
        self.client.send(&DeleteUser::new(user.clone())).await
    }

    /// Every face, paged for you.
    pub fn faces(&self, page_size: u32) -> ResultStream<Face, RecordError> {
        let client = self.client.clone();
        Box::pin(paged(page_size, move |p| {
            let client = client.clone();
            async move { client.send(&ListFaces::new(p)).await }
        }))
    }

    /// A user's faces.
    pub async fn faces_of(&self, user: &UserUuid) -> Result<Vec<Face>, Error<RecordError>> {
        self.client.send(&FacesOfUser::new(user.clone())).await
    }

    /// Deletes one face.
    pub async fn delete_face(
        &self,
        user: &UserUuid,
        sub_id: FaceSubId,
    ) -> Result<Ack, Error<RecordError>> {
        self.client
            .send(&DeleteFace::new(user.clone(), sub_id)?)
            .await
    }
}

/// Recognition calls (see [`crate::recognition`]).
#[derive(Debug, Clone, Copy)]
pub struct RecognitionApi<'a> {
    client: &'a Client,
}

impl RecognitionApi<'_> {
    /// Reads the match buffer once.
    pub async fn match_data(&self) -> Result<Page<MatchRecord>, Error<DeviceError>> {
        self.client.send(&GetMatchData::new()).await
    }

    /// Polls the match buffer; yields each match once and deletes it from the
    /// buffer by `encounter_id`. Runs until `policy`'s timeout (use
    /// [`PollPolicy::forever`] for a door daemon) or until dropped.
    pub fn match_stream(&self, policy: PollPolicy) -> ResultStream<MatchRecord, DeviceError> {
        let client = self.client.clone();
        Box::pin(
            poll_stream(policy, move || {
                let client = client.clone();
                async move {
                    let page = client.send(&GetMatchData::new()).await?;
                    if page.items.is_empty() {
                        return Ok::<_, Error<DeviceError>>(Tick::Nothing);
                    }
                    for r in &page.items {
                        if let Some(id) = &r.encounter_id {
                            client.send(&DeleteMatchData::new(id.clone())).await?;
                        }
                    }
                    Ok(Tick::Item(page.items))
                }
            })
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten(),
        )
    }

    /// The door status once.
    pub async fn door_status(&self) -> Result<DoorStatus, Error<DeviceError>> {
        self.client.send(&GetDoorStatus::new()).await
    }

    /// Polls the door status; yields the first status and then each change.
    pub fn door_status_stream(&self, policy: PollPolicy) -> ResultStream<DoorStatus, DeviceError> {
        let client = self.client.clone();
        let last: Arc<std::sync::Mutex<Option<Option<String>>>> = Arc::default();
        Box::pin(poll_stream(policy, move || {
            let client = client.clone();
            let last = last.clone();
            async move {
                let s = client.send(&GetDoorStatus::new()).await?;
                let mut guard = last.lock().unwrap_or_else(|e| e.into_inner());
                if guard.as_ref() == Some(&s.door_status) {
                    return Ok(Tick::Nothing);
                }
                *guard = Some(s.door_status.clone());
                Ok(Tick::Item(s))
            }
        }))
    }
}

/// Log calls (see [`crate::logs`]).
#[derive(Debug, Clone, Copy)]
pub struct LogsApi<'a> {
    client: &'a Client,
}

impl LogsApi<'_> {
    /// One page of the log.
    pub async fn page(&self, paging: Paging) -> Result<Page<LogEntry>, Error<LogError>> {
        self.client.send(&ListLogs::new(paging)).await
    }

    /// The whole log, oldest first, paged for you.
    pub fn stream(&self, page_size: u32) -> ResultStream<LogEntry, LogError> {
        let client = self.client.clone();
        Box::pin(paged(page_size, move |p| {
            let client = client.clone();
            async move { client.send(&ListLogs::new(p)).await }
        }))
    }

    /// Entries with ids greater than `after` (all when `None`), oldest first,
    /// paged with `GET /logs/from/to`.
    pub fn since(&self, after: Option<i64>, page_size: u32) -> ResultStream<LogEntry, LogError> {
        let client = self.client.clone();
        let min = after.map(|a| a.saturating_add(1)).unwrap_or(0).max(0);
        Box::pin(paged(page_size, move |p| {
            let client = client.clone();
            async move {
                let request = LogsFromTo::new(min, i64::from(i32::MAX), p)?;
                client.send(&request).await
            }
        }))
    }
}

/// Device calls (see [`crate::device`]).
#[derive(Debug, Clone, Copy)]
pub struct DeviceApi<'a> {
    client: &'a Client,
}

impl DeviceApi<'_> {
    /// Reads a setting as `ty`.
    pub async fn setting(
        &self,
        title: &str,
        ty: SettingType,
    ) -> Result<TypedSetting, Error<DeviceError>> {
        self.client.send(&GetSetting::new(title, ty)?).await
    }

    /// Changes a setting.
    pub async fn set_setting(
        &self,
        title: &str,
        value: SettingValue,
    ) -> Result<Ack, Error<DeviceError>> {
        self.client.send(&SetSetting::new(title, value)?).await
    }

    /// Sends a manual command.
    pub async fn control(&self, command: DeviceControl) -> Result<Ack, Error<DeviceError>> {
        self.client.send(&command).await
    }

    /// Shows the card input screen (camera mode `Slave` first).
    pub async fn card_input_mode(&self) -> Result<Ack, Error<DeviceError>> {
        self.client.send(&StartCardInput::new()).await
    }

    /// Releases a user from anti-passback violation.
    pub async fn clear_anti_passback(&self, user: &UserUuid) -> Result<Ack, Error<DeviceError>> {
        self.client
            .send(&ClearAntiPassback::new(user.clone()))
            .await
    }

    /// Releases every user from anti-passback violation.
    pub async fn clear_all_anti_passback(&self) -> Result<Ack, Error<DeviceError>> {
        self.client.send(&ClearAllAntiPassback::new()).await
    }
}

/// Firmware calls (see [`crate::firmware`]).
#[derive(Debug, Clone, Copy)]
pub struct FirmwareApi<'a> {
    client: &'a Client,
}

impl FirmwareApi<'_> {
    /// Aborts an incomplete upload and deletes what was sent.
    pub async fn abort(&self) -> Result<Ack, Error<FirmwareError>> {
        self.client.send(&AbortFirmware::new()).await
    }

    /// Uploads the firmware image at `path` unit by unit and sends the final
    /// unit; `progress` is called after each accepted unit. Memory stays
    /// bounded by two units whatever the file size. Nothing is retried; on an
    /// error, call [`FirmwareApi::abort`] before trying again. After success the
    /// device upgrades and reboots (this client's lock is gone; the next call
    /// reconnects).
    pub async fn upgrade_file(
        &self,
        path: impl AsRef<Path>,
        progress: impl FnMut(FirmwareProgress) + Send,
    ) -> Result<FirmwareResult, Error<FirmwareError>> {
        let file = tokio::fs::File::open(path.as_ref())
            .await
            .map_err(io_error)?;
        let total = file.metadata().await.map_err(io_error)?.len();
        self.upgrade_reader(file, Some(total), progress).await
    }

    /// As [`FirmwareApi::upgrade_file`], from any reader (`total` only feeds
    /// the progress fraction).
    pub async fn upgrade_reader<R: tokio::io::AsyncRead + Unpin + Send>(
        &self,
        mut reader: R,
        total: Option<u64>,
        mut progress: impl FnMut(FirmwareProgress) + Send,
    ) -> Result<FirmwareResult, Error<FirmwareError>> {
        let mut current = vec![0u8; UNIT_RAW_BYTES];
        let mut next = vec![0u8; UNIT_RAW_BYTES];
        let mut len = read_unit(&mut reader, &mut current)
            .await
            .map_err(io_error)?;
        if len == 0 {
            return Err(ValidationError::new("firmware", "the image is empty").into());
        }
        let mut state = FirmwareProgress {
            units_sent: 0,
            bytes_sent: 0,
            total_bytes: total,
            finished: false,
        };
        loop {
            let next_len = read_unit(&mut reader, &mut next).await.map_err(io_error)?;
            if next_len == 0 {
                let request = UploadFirmwareFinal::new(state.units_sent, &current[..len])?;
                let result = self.client.send(&request).await?;
                state.units_sent += 1;
                state.bytes_sent += len as u64;
                state.finished = true;
                progress(state);
                tracing::info!(
                    units = state.units_sent,
                    bytes = state.bytes_sent,
                    "firmware uploaded; the device upgrades and reboots"
                );
                // The device reboots: its lock is gone.
                self.client.inner.session.release().await;
                self.client.forget_version();
                return Ok(result);
            }
            let request = UploadFirmwareUnit::new(state.units_sent, &current[..len])?;
            self.client.send(&request).await?;
            drop(request);
            state.units_sent += 1;
            state.bytes_sent += len as u64;
            progress(state);
            std::mem::swap(&mut current, &mut next);
            len = next_len;
        }
    }
}

fn io_error<E>(e: std::io::Error) -> Error<E> {
    Error::Validation(ValidationError::new(
        "firmware",
        format!("cannot read the image: {e}"),
    ))
}
