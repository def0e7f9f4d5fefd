//! Groups of a pool's users (unsigned here; IAM-signed on AWS). A user's
//! groups go in their tokens as `cognito:groups` (see `tokens`).

use cognito_idp::op;
use cognito_idp::types::{
    AdminGroupUserRequest, AdminListGroupsForUserRequest, CreateGroupRequest, Empty, GroupRequest,
    GroupResponse, GroupType, ListGroupsRequest, ListGroupsResponse, ListUsersInGroupRequest,
    ListUsersInGroupResponse,
};
use cognito_idp::ErrorCode;

use crate::context::{Ctx, Handler};
use crate::error::{ApiError, ApiResult};
use crate::model::Group;
use crate::users::user_type;
use crate::validate::{check_group_name, check_len, check_range};

use super::page::Page;

/// Cognito's largest precedence: 2^31 - 1.
const MAX_PRECEDENCE: i64 = 2_147_483_647;

impl Handler for op::CreateGroup {
    fn handle(ctx: &Ctx<'_>, req: CreateGroupRequest) -> ApiResult<GroupResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        check_group_name(&req.group_name)?;
        if let Some(description) = &req.description {
            check_len("Description", description, 0, 2048)?;
        }
        if let Some(arn) = &req.role_arn {
            check_len("RoleArn", arn, 20, 2048)?;
            if !arn.starts_with("arn:") {
                return Err(ApiError::invalid(
                    "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?",
                ));
            }
        }
        if let Some(precedence) = req.precedence {
            check_range("Precedence", precedence, 0, MAX_PRECEDENCE)?;
        }
        if ctx.db.group(&pool.id, &req.group_name)?.is_some() {
            return Err(ApiError::new(
                ErrorCode::GroupExistsException,
                format!("A group with the name {} already exists.", req.group_name),
            ));
        }
        let group = Group {
            pool_id: pool.id,
            name: req.group_name,
            description: req.description,
            role_arn: req.role_arn,
            precedence: req.precedence,
            created: ctx.now,
            modified: ctx.now,
        };
        ctx.db.insert_group(&group)?;
        Ok(GroupResponse {
            group: group_type(group),
        })
    }
}

impl Handler for op::GetGroup {
    fn handle(ctx: &Ctx<'_>, req: GroupRequest) -> ApiResult<GroupResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        Ok(GroupResponse {
            group: group_type(ctx.group(&pool, &req.group_name)?),
        })
    }
}

/// The pool's groups, by name.
impl Handler for op::ListGroups {
    fn handle(ctx: &Ctx<'_>, req: ListGroupsRequest) -> ApiResult<ListGroupsResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let page = Page::read("limit", req.next_token.as_deref(), req.limit)?;
        let groups = ctx.db.groups(&pool.id)?;
        Ok(groups_page(&page, groups))
    }
}

/// Deletes the group; its members stay, out of it.
impl Handler for op::DeleteGroup {
    fn handle(ctx: &Ctx<'_>, req: GroupRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let group = ctx.group(&pool, &req.group_name)?;
        ctx.db.delete_group(&pool.id, &group.name)?;
        Ok(Empty {})
    }
}

/// Adds the user to the group; a member already stays one.
impl Handler for op::AdminAddUserToGroup {
    fn handle(ctx: &Ctx<'_>, req: AdminGroupUserRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let group = ctx.group(&pool, &req.group_name)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        ctx.db.add_member(&pool.id, &group.name, &user.username)?;
        Ok(Empty {})
    }
}

/// Takes the user out of the group; one not in it is left so.
impl Handler for op::AdminRemoveUserFromGroup {
    fn handle(ctx: &Ctx<'_>, req: AdminGroupUserRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let group = ctx.group(&pool, &req.group_name)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        ctx.db
            .remove_member(&pool.id, &group.name, &user.username)?;
        Ok(Empty {})
    }
}

/// The user's groups, in the order of their `cognito:groups` claim.
impl Handler for op::AdminListGroupsForUser {
    fn handle(ctx: &Ctx<'_>, req: AdminListGroupsForUserRequest) -> ApiResult<ListGroupsResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        let page = Page::read("limit", req.next_token.as_deref(), req.limit)?;
        let groups = ctx.db.groups_of_user(&pool.id, &user.username)?;
        Ok(groups_page(&page, groups))
    }
}

/// The group's members, in ListUsers' order.
impl Handler for op::ListUsersInGroup {
    fn handle(ctx: &Ctx<'_>, req: ListUsersInGroupRequest) -> ApiResult<ListUsersInGroupResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let group = ctx.group(&pool, &req.group_name)?;
        let page = Page::read("limit", req.next_token.as_deref(), req.limit)?;
        let users = ctx.db.users_in_group(&pool.id, &group.name)?;
        let next_token = page.next_token(users.len());
        Ok(ListUsersInGroupResponse {
            users: page.of(users).map(|user| user_type(&user)).collect(),
            next_token,
        })
    }
}

fn groups_page(page: &Page, groups: Vec<Group>) -> ListGroupsResponse {
    let next_token = page.next_token(groups.len());
    ListGroupsResponse {
        groups: page.of(groups).map(group_type).collect(),
        next_token,
    }
}

fn group_type(group: Group) -> GroupType {
    GroupType {
        group_name: group.name,
        user_pool_id: group.pool_id,
        description: group.description,
        role_arn: group.role_arn,
        precedence: group.precedence,
        last_modified_date: group.modified as f64,
        creation_date: group.created as f64,
    }
}
