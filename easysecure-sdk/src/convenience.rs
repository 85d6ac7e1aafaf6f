//! Convenience methods on the two clients; each wraps one documented endpoint
//! (or a documented sequence of them).

use access_core::{Error, Operation, Progress, SecretString};

use crate::auth::{Admin, ChangePassword, ChangePasswordError, User};
use crate::client::Client;
use crate::errors::UndocumentedError;
use crate::groups::GetGroups;
use crate::logs::{
    GetLogs, GetLogsError, GetLogsMinMaxIds, GetLogsMinMaxIdsError, LogIdRange, NewLogEntry,
    SetLogs, SetLogsError,
};
use crate::model::PinCode;
use crate::model::{Ack, Group, LogEntry, UserRecord, WsAltUserId};
use crate::profile::{
    GetPicture, GetPictureError, Picture, SendSupportMail, SendSupportMailError, SetCardPin,
    SetCardPinError, SetConsent, SetConsentError, SetLicensePlate, SetLicensePlateError,
    SetPicture, SetPictureError,
};
use crate::sync::{
    AdminSync, GetSyncLogs, GetSyncLogsError, SyncError, SyncLogEntry, SyncReport, SyncStarted,
    UserSync,
};
use crate::users::{
    GetUsers, GetUsersError, SetUsers, SetUsersError, SetWsAltUserId, SetWsAltUserIdError,
    SyncUserToFirebase, SyncUserToFirebaseError, USERS_PAGE_SIZE, UserUpsert,
};

impl Client<Admin> {
    /// `POST /admins/getUsers`: users matching the request (one page of 1000 when
    /// a page is set).
    pub async fn get_users(
        &self,
        request: GetUsers,
    ) -> Result<Vec<UserRecord>, Error<GetUsersError>> {
        self.send(&request).await
    }

    /// Every user, page by page (pages of 1000 until a short page).
    pub async fn all_users(&self) -> Result<Vec<UserRecord>, Error<GetUsersError>> {
        let mut all = Vec::new();
        let mut page = 1u32;
        loop {
            let batch = self.send(&GetUsers::new().page(page)?).await?;
            let n = batch.len();
            all.extend(batch);
            if n < USERS_PAGE_SIZE {
                return Ok(all);
            }
            page += 1;
        }
    }

    /// The user with this `wsAltUserId`, if any (reads every page: the REST API
    /// documents no filter by wsAltUserId).
    pub async fn find_user(
        &self,
        id: &WsAltUserId,
    ) -> Result<Option<UserRecord>, Error<GetUsersError>> {
        Ok(self
            .all_users()
            .await?
            .into_iter()
            .find(|u| u.ws_alt_user_id.as_deref() == Some(id.as_str())))
    }

    /// `POST /admins/setUsers` with one user: creates or updates by `wsAltUserId`.
    pub async fn upsert_user(&self, user: UserUpsert) -> Result<Ack, Error<SetUsersError>> {
        self.send(&SetUsers::one(user)?).await
    }

    /// `POST /admins/setUsers` with several users.
    pub async fn set_users(&self, users: Vec<UserUpsert>) -> Result<Ack, Error<SetUsersError>> {
        self.send(&SetUsers::new(users)?).await
    }

    /// `POST /admins/setWsAltUserId`.
    pub async fn set_ws_alt_user_id(
        &self,
        request: SetWsAltUserId,
    ) -> Result<Ack, Error<SetWsAltUserIdError>> {
        self.send(&request).await
    }

    /// `POST /admins/syncUserToFirebase`.
    pub async fn sync_user_to_firebase(
        &self,
        request: SyncUserToFirebase,
    ) -> Result<Ack, Error<SyncUserToFirebaseError>> {
        self.send(&request).await
    }

    /// `POST /admins/getGroups`: every access group.
    pub async fn get_groups(&self) -> Result<Vec<Group>, Error<UndocumentedError>> {
        self.send(&GetGroups::new()).await
    }

    /// `POST /admins/getLogs`.
    pub async fn get_logs(&self, request: GetLogs) -> Result<Vec<LogEntry>, Error<GetLogsError>> {
        self.send(&request).await
    }

    /// `POST /admins/getLogsMinMaxIds` over the whole log.
    pub async fn log_id_range(&self) -> Result<LogIdRange, Error<GetLogsMinMaxIdsError>> {
        self.send(&GetLogsMinMaxIds::new()).await
    }

    /// `POST /admins/setLogs`.
    pub async fn set_logs(&self, logs: Vec<NewLogEntry>) -> Result<Ack, Error<SetLogsError>> {
        self.send(&SetLogs::new(logs)?).await
    }

    /// `POST /admins/sync`: starts a sync and returns at once.
    pub async fn sync(&self, request: AdminSync) -> Result<SyncStarted, Error<SyncError>> {
        self.send(&request).await
    }

    /// `POST /admins/getSyncLogs`.
    pub async fn get_sync_logs(
        &self,
        request: GetSyncLogs,
    ) -> Result<Vec<SyncLogEntry>, Error<GetSyncLogsError>> {
        self.send(&request).await
    }

    /// Starts a sync (`/admins/sync`) and answers an [`Operation`] that polls
    /// `/admins/getSyncLogs` for its sync id until every entry is done or failed.
    /// When the server gives no sync id, the operation is completed at once with
    /// `confirmed = false`: the sync was accepted, its end cannot be followed.
    pub async fn sync_to_terminals(
        &self,
        request: AdminSync,
    ) -> Result<Operation<SyncReport>, Error<SyncError>> {
        let started = self.send(&request).await?;
        let Some(sync_id) = started.sync_id.clone() else {
            return Ok(Operation::completed(SyncReport {
                sync_id: None,
                entries: Vec::new(),
                confirmed: false,
            }));
        };
        let client = self.clone();
        let what = format!("EasySecure sync {sync_id}");
        Ok(Operation::pending_fn(
            what,
            Some("started".into()),
            move || {
                let client = client.clone();
                let sync_id = sync_id.clone();
                async move {
                    let entries = client
                        .send(&GetSyncLogs::new().sync_id(sync_id.clone()))
                        .await
                        .map_err(Error::erase)?
                        .into_iter()
                        // Should the server ignore the filter, keep this sync's entries.
                        .filter(|e| e.sync_id.as_deref().is_none_or(|s| s == sync_id))
                        .collect::<Vec<_>>();
                    if !entries.is_empty() && entries.iter().all(|e| e.status.is_final()) {
                        Ok(Progress::Done(SyncReport {
                            sync_id: Some(sync_id),
                            entries,
                            confirmed: true,
                        }))
                    } else {
                        let stage = entries
                            .iter()
                            .find(|e| !e.status.is_final())
                            .map(|e| format!("{:?}", e.status));
                        Ok(Progress::Pending(stage))
                    }
                }
            },
        ))
    }
}

impl Client<User> {
    /// `POST /users/sync`: pushes the user's own record to the terminals.
    pub async fn sync(&self) -> Result<SyncStarted, Error<UndocumentedError>> {
        self.send(&UserSync::new()).await
    }

    /// `POST /users/setConsent`.
    pub async fn set_consent(&self, consent: bool) -> Result<Ack, Error<SetConsentError>> {
        self.send(&SetConsent::new(consent)).await
    }

    /// `POST /users/setLicensePlate`.
    pub async fn set_license_plate(&self, plate: &str) -> Result<Ack, Error<SetLicensePlateError>> {
        self.send(&SetLicensePlate::new(plate)?).await
    }

    /// `POST /users/setCardPin`.
    pub async fn set_card_pin(&self, pin: PinCode) -> Result<Ack, Error<SetCardPinError>> {
        self.send(&SetCardPin::new(pin)).await
    }

    /// `POST /users/getPicture`.
    pub async fn get_picture(&self) -> Result<Picture, Error<GetPictureError>> {
        self.send(&GetPicture::new()).await
    }

    /// `POST /users/setPicture`.
    pub async fn set_picture(&self, request: SetPicture) -> Result<Ack, Error<SetPictureError>> {
        self.send(&request).await
    }

    /// `POST /users/sendSupportMail`.
    pub async fn send_support_mail(
        &self,
        request: SendSupportMail,
    ) -> Result<Ack, Error<SendSupportMailError>> {
        self.send(&request).await
    }

    /// `POST /users/changePassword`.
    pub async fn change_password(
        &self,
        old_password: SecretString,
        new_password: SecretString,
    ) -> Result<Ack, Error<ChangePasswordError>> {
        self.send(&ChangePassword::new(old_password, new_password)?)
            .await
    }
}
