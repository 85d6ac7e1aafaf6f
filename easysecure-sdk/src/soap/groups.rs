//! Groups: `getGroups` and the [`Groups`] handle (`soap.groups()`).

use access_core::{Error, ValidationError};

use super::client::{CompanyKey, SOAP_PATH, SoapClient};
use super::error::{Classify, decode_list};
use super::wire::{self, Params};
use super::xml::Param;
use crate::model::Group;

crate::soap::error::esws_errors! {
    /// Failures of `getGroups` (returned in `GroupId` **\[V\]** D getGroups.php).
    pub enum GetGroupsError {
    }
}

/// `Esws.getGroups`: every group, or a Branch location's groups
/// **\[V\]** D getGroups.php.
///
/// The vendor's sample request uses the element `Esws.getUsers` and its answer
/// declares `tns:getUsersObject` items: both are copy-paste slips; the SDK sends
/// `Esws.getGroups` **\[I\]** and ignores the declared item type. Errors come back
/// in `GroupId`.
#[derive(Debug, Clone)]
pub struct GetGroups {
    key: CompanyKey,
    location_id: Option<u64>,
}

impl GetGroups {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getGroups";

    /// Every group.
    pub fn new(key: &CompanyKey) -> Self {
        Self {
            key: key.clone(),
            location_id: None,
        }
    }

    /// Only this location's groups (Branch companies; no effect otherwise).
    pub fn location(mut self, location_id: u64) -> Self {
        self.location_id = Some(location_id);
        self
    }

    fn params(&self) -> Result<Params, ValidationError> {
        Ok(vec![
            self.key.param(),
            ("p_locationID", Param::opt(self.location_id)),
        ])
    }
}

const GET_GROUPS_ERRORS: Classify<GetGroupsError> = Classify::<GetGroupsError>::new();

access_core::endpoint! {
    impl Endpoint for GetGroups {
        name: "ESWS Esws.getGroups",
        method: POST,
        path: |_| SOAP_PATH,
        output: Vec<Group>,
        error: GetGroupsError,
        idempotent: true,
        authenticated: false,
        outcome: |_, r| decode_list(Self::FUNCTION, &r, "GroupId", &GET_GROUPS_ERRORS),
        body: |s| wire::envelope(Self::FUNCTION, s.params()),
        headers: |_| wire::headers(Self::FUNCTION),
        secrets: |s| wire::secrets(s.params()),
    }
}

/// Group calls of a [`SoapClient`]: `soap.groups()`.
#[derive(Debug, Clone, Copy)]
pub struct Groups<'a>(&'a SoapClient);

impl SoapClient {
    /// Groups (`getGroups`).
    pub fn groups(&self) -> Groups<'_> {
        Groups(self)
    }
}

impl Groups<'_> {
    /// `getGroups`: every group (ESWS answers them whole; build [`GetGroups`]
    /// for a Branch location's groups).
    pub async fn list(self) -> Result<Vec<Group>, Error<GetGroupsError>> {
        self.0.send(&GetGroups::new(self.0.key())).await
    }
}
