//! Groups of users and of resources ("Managing Groups" in the quickstart **\[seed\]**).
//!
//! No endpoint lists groups (**\[V\]** not found in the docs): group names appear on users and
//! resources, and `POST /groups` answers the new group's id. Keep the ids of the
//! groups you create.

use access_core::http::Body;
use access_core::{Error, ValidationError};
use serde::{Deserialize, Serialize};

use crate::model::{ResourceType, Success, require_non_empty};
use crate::{Client, EmailId, GroupId, ResourceId};

/// What a group holds: `users` or `resources` **\[seed\]**.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum GroupType {
    /// Members, addressed by [`EmailId`].
    Users,
    /// Doors or computers, addressed by [`ResourceId`].
    Resources,
}

/// A group as `/invites` takes it: `{"id": .., "name": ..}` **\[V\]**.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct GroupRef {
    /// The group id.
    pub id: GroupId,
    /// The group name.
    pub name: String,
}

impl GroupRef {
    /// A group reference.
    pub fn new(id: GroupId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
        }
    }
}

crate::error::allthenticate_errors! {
    /// Failures of `POST /groups`: the general rows (see [`crate::error`]).
    pub enum CreateGroupError {
    }
}

/// `POST /groups`: creates a group of users or of resources **\[seed\]**.
///
/// `type`, `name` and `add_ids` are required ("formatted as [1, 2,…]");
/// `resource_type` (`COMPUTER` or `DOOR`) is only used for resource groups
/// **\[seed\]**: the SDK refuses it on a user group and refuses other values. An empty
/// `add_ids` is allowed (an empty group) **\[I\]**. Not idempotent: a second call
/// creates a second group.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CreateGroup {
    group_type: GroupType,
    name: String,
    add_ids: Vec<i64>,
    resource_type: Option<ResourceType>,
}

impl CreateGroup {
    /// A group of members (`add_ids` are `email_id`s from `/multipleusers`).
    pub fn users(
        name: impl Into<String>,
        members: impl IntoIterator<Item = EmailId>,
    ) -> Result<Self, ValidationError> {
        let name = name.into();
        require_non_empty("name", &name)?;
        Ok(Self {
            group_type: GroupType::Users,
            name,
            add_ids: members.into_iter().map(EmailId::as_i64).collect(),
            resource_type: None,
        })
    }

    /// A group of resources (`add_ids` are `resource_id`s from `/multipleresources`).
    pub fn resources(
        name: impl Into<String>,
        resources: impl IntoIterator<Item = ResourceId>,
    ) -> Result<Self, ValidationError> {
        let name = name.into();
        require_non_empty("name", &name)?;
        Ok(Self {
            group_type: GroupType::Resources,
            name,
            add_ids: resources.into_iter().map(ResourceId::as_i64).collect(),
            resource_type: None,
        })
    }

    /// `resource_type`: only for resource groups, `COMPUTER` or `DOOR` (checked
    /// before sending).
    pub fn resource_type(mut self, t: ResourceType) -> Self {
        self.resource_type = Some(t);
        self
    }

    /// The group's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn check(&self) -> Result<(), ValidationError> {
        require_non_empty("name", &self.name)?;
        match (&self.group_type, &self.resource_type) {
            (GroupType::Users, Some(_)) => Err(ValidationError::new(
                "resource_type",
                "is only used for groups of type \"resources\"",
            )),
            (_, Some(ResourceType::Unknown(v))) => Err(ValidationError::new(
                "resource_type",
                format!("must be COMPUTER or DOOR, not {v:?}"),
            )),
            _ => Ok(()),
        }
    }
}

#[derive(Serialize)]
struct CreateGroupBody<'a> {
    #[serde(rename = "type")]
    group_type: GroupType,
    name: &'a str,
    add_ids: &'a [i64],
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_type: Option<&'a ResourceType>,
}

/// The answer of `POST /groups`: `{success: "...", group_id: 2}` **\[seed\]**.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CreatedGroup {
    /// The vendor's message ("Group has been successfully created!").
    #[serde(rename = "success")]
    pub message: String,
    /// The new group's id.
    pub group_id: GroupId,
    /// Fields the docs do not list.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

access_core::endpoint! {
    impl Endpoint for CreateGroup {
        name: "POST /groups",
        method: POST,
        path: "groups",
        output: CreatedGroup,
        error: CreateGroupError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| {
            Body::json(&CreateGroupBody {
                group_type: s.group_type,
                name: &s.name,
                add_ids: &s.add_ids,
                resource_type: s.resource_type.as_ref(),
            })
        },
        validate: |s| s.check(),
    }
}

crate::error::allthenticate_errors! {
    /// Failures of `PUT /groups`: the general rows (see [`crate::error`]).
    pub enum UpdateGroupError {
    }
}

/// `PUT /groups`: adds and removes members of a group **\[seed\]**.
///
/// `type` and `group_id` are required, `add_ids` and `del_ids` optional **\[seed\]**;
/// the SDK refuses an update that changes nothing and an id in both lists **\[I\]**.
/// Not marked idempotent: the vendor's semantics of repeated adds are not documented.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UpdateGroup {
    group_type: GroupType,
    group_id: GroupId,
    add_ids: Vec<i64>,
    del_ids: Vec<i64>,
}

impl UpdateGroup {
    /// Changes a group of members.
    pub fn users(
        group_id: GroupId,
        add: impl IntoIterator<Item = EmailId>,
        remove: impl IntoIterator<Item = EmailId>,
    ) -> Result<Self, ValidationError> {
        Self::of(
            GroupType::Users,
            group_id,
            add.into_iter().map(EmailId::as_i64).collect(),
            remove.into_iter().map(EmailId::as_i64).collect(),
        )
    }

    /// Changes a group of resources.
    pub fn resources(
        group_id: GroupId,
        add: impl IntoIterator<Item = ResourceId>,
        remove: impl IntoIterator<Item = ResourceId>,
    ) -> Result<Self, ValidationError> {
        Self::of(
            GroupType::Resources,
            group_id,
            add.into_iter().map(ResourceId::as_i64).collect(),
            remove.into_iter().map(ResourceId::as_i64).collect(),
        )
    }

    fn of(
        group_type: GroupType,
        group_id: GroupId,
        add_ids: Vec<i64>,
        del_ids: Vec<i64>,
    ) -> Result<Self, ValidationError> {
        let u = Self {
            group_type,
            group_id,
            add_ids,
            del_ids,
        };
        u.check()?;
        Ok(u)
    }

    fn check(&self) -> Result<(), ValidationError> {
        if self.add_ids.is_empty() && self.del_ids.is_empty() {
            return Err(ValidationError::new(
                "add_ids",
                "add_ids or del_ids must name at least one id",
            ));
        }
        if let Some(id) = self.add_ids.iter().find(|i| self.del_ids.contains(i)) {
            return Err(ValidationError::new(
                "del_ids",
                format!("id {id} is both added and removed"),
            ));
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct UpdateGroupBody<'a> {
    #[serde(rename = "type")]
    group_type: GroupType,
    group_id: GroupId,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    add_ids: &'a [i64],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    del_ids: &'a [i64],
}

access_core::endpoint! {
    impl Endpoint for UpdateGroup {
        name: "PUT /groups",
        method: PUT,
        path: "groups",
        output: Success,
        error: UpdateGroupError,
        idempotent: false,
        decode: |_, r| r.json(),
        body: |s| {
            Body::json(&UpdateGroupBody {
                group_type: s.group_type,
                group_id: s.group_id,
                add_ids: &s.add_ids,
                del_ids: &s.del_ids,
            })
        },
        validate: |s| s.check(),
    }
}

/// Group calls of a [`Client`]: `client.groups()`.
#[derive(Debug, Clone, Copy)]
pub struct Groups<'a>(&'a Client);

impl Client {
    /// Groups (`/groups`).
    pub fn groups(&self) -> Groups<'_> {
        Groups(self)
    }
}

impl Groups<'_> {
    /// `POST /groups`.
    ///
    /// The new group's id is remembered under its name for the access-core
    /// traits (see [`Groups::remember`]).
    pub async fn create(
        self,
        request: CreateGroup,
    ) -> Result<CreatedGroup, Error<CreateGroupError>> {
        let created = self.0.send(&request).await?;
        self.remember(GroupRef::new(created.group_id, request.name));
        Ok(created)
    }

    /// `PUT /groups`.
    pub async fn update(self, request: UpdateGroup) -> Result<Success, Error<UpdateGroupError>> {
        self.0.send(&request).await
    }

    /// Registers a group's id under its name, so the access-core traits can use
    /// it (Allthenticate has no endpoint that lists groups). Groups created with
    /// [`Groups::create`] are registered automatically. No request is sent.
    pub fn remember(self, group: GroupRef) {
        self.0.groups_registry().insert(group.name, group.id);
    }

    /// The groups this client knows by name (created through it or remembered).
    pub fn known(self) -> Vec<GroupRef> {
        self.0
            .groups_registry()
            .iter()
            .map(|(n, id)| GroupRef::new(*id, n.clone()))
            .collect()
    }
}
