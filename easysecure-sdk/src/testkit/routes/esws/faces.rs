//! ESWS faces: `deletePictureAndTemplates`, `imageToFaceTemplate`.
//!
//! Works on the shared state's profile picture (the one the REST picture
//! calls set) and the user's face-template count.

use access_core::testkit::{SimRequest, SimResult};

use super::super::Sim;
use super::{Ret, answer};

/// `deletePictureAndTemplates(p_companyID, p_wsAltUserId, p_deletePicture,
/// p_deleteTemplates)`, checked in the page's order: the wsAltUserId, the
/// company's wsAltUserId info field, the user, then at least one action. Each
/// deletion answers its success string; both answer both, separated by a
/// space **\[I\]** (the page does not show that case). A picture or templates
/// the user does not have count as deleted **\[I\]**.
pub(in super::super) fn delete_picture_and_templates(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let ws = x.call.get("p_wsAltUserId").to_string();
        if ws.is_empty() {
            return Ret::text("NO_WS_ALT_USER_ID_SET");
        }
        if !x.company.has_ws_alt_label {
            return Ret::text("NO_WS_ALT_USER_ID_INFOFIELD_SET");
        }
        let picture = x.call.get("p_deletePicture") == "1";
        let templates = x.call.get("p_deleteTemplates") == "1";
        let Some(u) = x.company.user_mut(&ws) else {
            return Ret::text("NO_USER_FOUND_BASED_ON_WS_ALT_USER_ID_VALUE");
        };
        if !picture && !templates {
            return Ret::text("NO_ACTION_SELECTED");
        }
        let mut done = Vec::new();
        if picture {
            u.picture = None;
            done.push("PROFILE_PICTURE_DELETED");
        }
        if templates {
            u.face_templates = 0;
            done.push("FACE_TEMPLATES_DELETED");
        }
        Ret::text(done.join(" "))
    })
}

/// `imageToFaceTemplate(p_companyID, p_updatePicture, p_Id, p_data,
/// p_extenstion, p_ip, p_port, p_did)`: checks in the page's order (the
/// picture's checks first when `p_updatePicture` is 1), then the device by IP
/// and serial among the company's terminals; adds a face template (a user with
/// 2 loses the first, so the count stays 2) and, with `p_updatePicture` 1,
/// stores the image as the profile picture. Answers `OK` **\[I\]**.
pub(in super::super) fn image_to_face_template(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| {
        let call = x.call;
        let update_picture = call.get("p_updatePicture") == "1";
        let (data, ext) = (call.get("p_data"), call.get("p_extenstion"));
        let id = call.get("p_Id");
        if id.is_empty() {
            return Ret::text("NO_ID_RECEIVED");
        }
        if update_picture {
            if ext.is_empty() {
                return Ret::text("NO_EXTENSION_RECEIVED");
            }
            if !matches!(ext.to_ascii_lowercase().as_str(), "jpg" | "png") {
                return Ret::text("ONLY_PNG_OR_JPG_EXTENSIONS_ARE_ACCEPTED");
            }
            if data.is_empty() {
                return Ret::text("NO_IMAGE_DATA_RECEIVED");
            }
        }
        let Some(ws) = id
            .parse::<u64>()
            .ok()
            .and_then(|id| x.company.ws_of(id))
            .map(str::to_string)
        else {
            return Ret::text("USER_WAS_NOT_FOUND");
        };
        let ip = call.get("p_ip");
        if ip.is_empty() || !x.company.terminals.iter().any(|t| t.ip == ip) {
            return Ret::text("IP_NOT_ALLOWED");
        }
        let did = call.get("p_did");
        if !x.company.terminals.iter().any(|t| t.serial == did) {
            return Ret::text("DID_NOT_ALLOWED");
        }
        let Some(u) = x.company.user_mut(&ws) else {
            return Ret::text("USER_WAS_NOT_FOUND");
        };
        u.face_templates = (u.face_templates + 1).min(2);
        if update_picture {
            u.picture = Some((data.to_string(), ext.to_ascii_lowercase()));
        }
        Ret::text("OK")
    })
}
