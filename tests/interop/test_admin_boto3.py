"""The admin surface with boto3, as scripts and infrastructure tools use it.

Pools and clients updated, listed and deleted; users' attributes, their
disabling, password resets and global sign-out; groups, their members and
the `cognito:groups` claim. Each test checks what a user of the pool would
notice: a sign-in that works or fails, and with which exception and message.

`cargo xtask test` starts local-cognito and sets LOCAL_COGNITO_URL; by hand:

    LOCAL_COGNITO_URL=http://127.0.0.1:9229 python -m unittest tests/interop/test_admin_boto3.py -v
"""

import time
import unittest

from botocore.exceptions import ClientError

from local_cognito import PASSWORD, PoolTestCase, claims, latest_code, messages, unique

AUTH_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


class AdminSurface(PoolTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool_id, cls.client_id = cls.new_pool(unique("admin"))

    @classmethod
    def new_pool(cls, name):
        pool = cls.idp.create_user_pool(PoolName=name, AutoVerifiedAttributes=["email"])
        pool_id = pool["UserPool"]["Id"]
        client = cls.idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="scripts", ExplicitAuthFlows=AUTH_FLOWS
        )
        return pool_id, client["UserPoolClient"]["ClientId"]

    # --- helpers ------------------------------------------------------------

    def make_user(self, username=None, pool_id=None, verified=True, permanent=True):
        """A user with a verified email (its own address) and PASSWORD."""
        username = username or unique("user")
        pool_id = pool_id or self.pool_id
        email = f"{username}@example.com"
        self.idp.admin_create_user(
            UserPoolId=pool_id,
            Username=username,
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true" if verified else "false"},
            ],
        )
        if permanent:
            self.idp.admin_set_user_password(
                UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
            )
        return username

    def sign_in(self, username, password=PASSWORD, client_id=None):
        response = self.idp.initiate_auth(
            ClientId=client_id or self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
        return response["AuthenticationResult"]

    def refresh(self, refresh_token, client_id=None):
        response = self.idp.initiate_auth(
            ClientId=client_id or self.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token},
        )
        return response["AuthenticationResult"]

    def assert_error(self, code, message, call, **kwargs):
        """`call(**kwargs)` fails with exception `code` and, unless None, `message`."""
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        error = raised.exception.response["Error"]
        self.assertEqual(error["Code"], code, error)
        if message is not None:
            self.assertEqual(error["Message"], message)

    def attributes(self, username, pool_id=None):
        user = self.idp.admin_get_user(UserPoolId=pool_id or self.pool_id, Username=username)
        return {a["Name"]: a["Value"] for a in user["UserAttributes"]}

    def group_names(self, username):
        groups = self.idp.admin_list_groups_for_user(UserPoolId=self.pool_id, Username=username)
        return [g["GroupName"] for g in groups["Groups"]]

    # --- groups -------------------------------------------------------------

    def test_groups_are_created_read_listed_and_deleted(self):
        name = unique("editors")
        arn = "arn:aws:iam::123456789012:role/editors"
        created = self.idp.create_group(
            UserPoolId=self.pool_id,
            GroupName=name,
            Description="They edit",
            RoleArn=arn,
            Precedence=3,
        )["Group"]
        self.assertEqual(created["GroupName"], name)
        self.assertEqual(created["UserPoolId"], self.pool_id)
        self.assertEqual(created["Description"], "They edit")
        self.assertEqual(created["RoleArn"], arn)
        self.assertEqual(created["Precedence"], 3)
        self.assertIn("CreationDate", created)
        self.assertIn("LastModifiedDate", created)

        got = self.idp.get_group(UserPoolId=self.pool_id, GroupName=name)["Group"]
        self.assertEqual(got, created)

        # Without the optional fields, they are left out.
        bare = self.idp.create_group(UserPoolId=self.pool_id, GroupName=unique("bare"))["Group"]
        for field in ("Description", "RoleArn", "Precedence"):
            self.assertNotIn(field, bare)

        self.assert_error(
            "GroupExistsException",
            f"A group with the name {name} already exists.",
            self.idp.create_group,
            UserPoolId=self.pool_id,
            GroupName=name,
        )

        # Listed a page at a time, with boto3's paginator too.
        first = self.idp.list_groups(UserPoolId=self.pool_id, Limit=1)
        self.assertEqual(len(first["Groups"]), 1)
        self.assertIn("NextToken", first)
        paginated = [
            g["GroupName"]
            for page in self.idp.get_paginator("list_groups").paginate(
                UserPoolId=self.pool_id, PaginationConfig={"PageSize": 1}
            )
            for g in page["Groups"]
        ]
        self.assertIn(name, paginated)
        self.assertIn(bare["GroupName"], paginated)
        self.assertEqual(paginated, sorted(paginated))

        self.idp.delete_group(UserPoolId=self.pool_id, GroupName=name)
        self.assert_error(
            "ResourceNotFoundException",
            "Group not found.",
            self.idp.get_group,
            UserPoolId=self.pool_id,
            GroupName=name,
        )
        self.assert_error(
            "ResourceNotFoundException",
            "Group not found.",
            self.idp.delete_group,
            UserPoolId=self.pool_id,
            GroupName=name,
        )
        all_names = [g["GroupName"] for g in self.idp.list_groups(UserPoolId=self.pool_id)["Groups"]]
        self.assertNotIn(name, all_names)

    def test_group_input_is_checked(self):
        self.assert_error(
            "ResourceNotFoundException",
            "User pool us-east-1_Missing does not exist.",
            self.idp.create_group,
            UserPoolId="us-east-1_Missing",
            GroupName="any",
        )
        self.assert_error(
            "InvalidParameterException",
            None,
            self.idp.create_group,
            UserPoolId=self.pool_id,
            GroupName="g" * 129,
        )
        self.assert_error(
            "InvalidParameterException",
            None,
            self.idp.create_group,
            UserPoolId=self.pool_id,
            GroupName="two words",
        )
        self.assert_error(
            "InvalidParameterException",
            None,
            self.idp.create_group,
            UserPoolId=self.pool_id,
            GroupName=unique("badarn"),
            RoleArn="this-is-not-any-arn-at-all",
        )
        self.assert_error(
            "InvalidParameterException",
            None,
            self.idp.create_group,
            UserPoolId=self.pool_id,
            GroupName=unique("far"),
            Precedence=2**31,
        )
        self.assert_error(
            "InvalidParameterException",
            None,
            self.idp.list_groups,
            UserPoolId=self.pool_id,
            NextToken="not-a-token",
        )

    def test_members_and_the_groups_claim(self):
        alice, bob = self.make_user(), self.make_user()
        # Precedence first (none last), then name.
        groups = {
            unique("c-readers"): 5,
            unique("z-admins"): 1,
            unique("a-zeta"): None,
            unique("b-alpha"): 5,
        }
        for name, precedence in groups.items():
            extra = {} if precedence is None else {"Precedence": precedence}
            self.idp.create_group(UserPoolId=self.pool_id, GroupName=name, **extra)
        readers, admins, zeta, alpha = groups
        expected = [admins, alpha, readers, zeta]

        # No groups: no claim at all.
        plain = self.sign_in(alice)
        self.assertNotIn("cognito:groups", claims(plain["IdToken"]))
        self.assertNotIn("cognito:groups", claims(plain["AccessToken"]))

        for name in groups:
            self.idp.admin_add_user_to_group(UserPoolId=self.pool_id, Username=alice, GroupName=name)
        # Adding again changes nothing.
        self.idp.admin_add_user_to_group(UserPoolId=self.pool_id, Username=alice, GroupName=readers)
        self.assertEqual(self.group_names(alice), expected)

        tokens = self.sign_in(alice)
        self.assertEqual(claims(tokens["IdToken"])["cognito:groups"], expected)
        self.assertEqual(claims(tokens["AccessToken"])["cognito:groups"], expected)
        # The username given to an admin operation may be any case here (the
        # pool is case-insensitive).
        self.idp.admin_add_user_to_group(UserPoolId=self.pool_id, Username=bob.upper(), GroupName=readers)

        # Members in ListUsers' order (made first, then by name), a page at a time.
        in_readers = self.idp.list_users_in_group(UserPoolId=self.pool_id, GroupName=readers)["Users"]
        order = [u["Username"] for u in self.idp.list_users(UserPoolId=self.pool_id)["Users"]]
        self.assertEqual([u["Username"] for u in in_readers], [n for n in order if n in (alice, bob)])
        first = self.idp.list_users_in_group(UserPoolId=self.pool_id, GroupName=readers, Limit=1)
        second = self.idp.list_users_in_group(
            UserPoolId=self.pool_id, GroupName=readers, Limit=1, NextToken=first["NextToken"]
        )
        self.assertEqual(first["Users"] + second["Users"], in_readers)
        self.assertNotIn("NextToken", second)
        self.assertEqual(in_readers[0]["UserStatus"], "CONFIRMED")
        page = self.idp.admin_list_groups_for_user(UserPoolId=self.pool_id, Username=alice, Limit=2)
        self.assertEqual([g["GroupName"] for g in page["Groups"]], expected[:2])
        self.assertIn("NextToken", page)

        # Removed from a group, and a group deleted: the next tokens, and
        # those a refresh gives, say so.
        self.idp.admin_remove_user_from_group(UserPoolId=self.pool_id, Username=alice, GroupName=readers)
        self.idp.admin_remove_user_from_group(UserPoolId=self.pool_id, Username=alice, GroupName=readers)
        self.idp.delete_group(UserPoolId=self.pool_id, GroupName=admins)
        self.assertEqual(self.group_names(alice), [alpha, zeta])
        refreshed = self.refresh(tokens["RefreshToken"])
        self.assertEqual(claims(refreshed["IdToken"])["cognito:groups"], [alpha, zeta])
        self.assertEqual(claims(refreshed["AccessToken"])["cognito:groups"], [alpha, zeta])
        self.assertEqual(
            [u["Username"] for u in self.idp.list_users_in_group(UserPoolId=self.pool_id, GroupName=readers)["Users"]],
            [bob],
        )

        # A deleted user leaves their groups: made again, they are in none.
        self.idp.admin_delete_user(UserPoolId=self.pool_id, Username=bob)
        self.assertEqual(
            self.idp.list_users_in_group(UserPoolId=self.pool_id, GroupName=readers)["Users"], []
        )
        self.make_user(bob)
        self.assertEqual(self.group_names(bob), [])

        # Errors: no such group, no such user.
        for call in (self.idp.admin_add_user_to_group, self.idp.admin_remove_user_from_group):
            self.assert_error(
                "ResourceNotFoundException",
                "Group not found.",
                call,
                UserPoolId=self.pool_id,
                Username=alice,
                GroupName="no-such-group",
            )
            self.assert_error(
                "UserNotFoundException",
                "User does not exist.",
                call,
                UserPoolId=self.pool_id,
                Username="nobody-at-all",
                GroupName=alpha,
            )
        self.assert_error(
            "UserNotFoundException",
            "User does not exist.",
            self.idp.admin_list_groups_for_user,
            UserPoolId=self.pool_id,
            Username="nobody-at-all",
        )
        self.assert_error(
            "ResourceNotFoundException",
            "Group not found.",
            self.idp.list_users_in_group,
            UserPoolId=self.pool_id,
            GroupName="no-such-group",
        )

    # --- users --------------------------------------------------------------

    def test_a_disabled_user_cannot_sign_in_or_refresh_until_enabled(self):
        carol = self.make_user()
        tokens = self.sign_in(carol)
        # Tokens are refused by the second they were issued in: let one pass.
        time.sleep(1.1)

        self.idp.admin_disable_user(UserPoolId=self.pool_id, Username=carol)
        self.assert_error(
            "NotAuthorizedException",
            "Access Token has been revoked",
            self.idp.get_user,
            AccessToken=tokens["AccessToken"],
        )
        self.assertFalse(self.idp.admin_get_user(UserPoolId=self.pool_id, Username=carol)["Enabled"])
        listed = self.idp.list_users(UserPoolId=self.pool_id)["Users"]
        self.assertFalse(next(u for u in listed if u["Username"] == carol)["Enabled"])
        self.assert_error(
            "NotAuthorizedException",
            "User is disabled.",
            self.sign_in,
            username=carol,
        )
        self.assert_error(
            "NotAuthorizedException",
            "User is disabled.",
            self.refresh,
            refresh_token=tokens["RefreshToken"],
        )
        self.assert_error(
            "NotAuthorizedException",
            "User is disabled.",
            self.idp.admin_reset_user_password,
            UserPoolId=self.pool_id,
            Username=carol,
        )

        self.idp.admin_enable_user(UserPoolId=self.pool_id, Username=carol)
        self.assertTrue(self.idp.admin_get_user(UserPoolId=self.pool_id, Username=carol)["Enabled"])
        fresh = self.sign_in(carol)
        self.assertEqual(self.idp.get_user(AccessToken=fresh["AccessToken"])["Username"], carol)
        refreshed = self.refresh(tokens["RefreshToken"])
        self.assertEqual(self.idp.get_user(AccessToken=refreshed["AccessToken"])["Username"], carol)

        for call in (self.idp.admin_disable_user, self.idp.admin_enable_user):
            self.assert_error(
                "UserNotFoundException",
                "User does not exist.",
                call,
                UserPoolId=self.pool_id,
                Username="nobody-at-all",
            )

    def test_admin_global_sign_out_ends_every_sign_in(self):
        erin = self.make_user()
        first, second = self.sign_in(erin), self.sign_in(erin)
        self.assertEqual(self.idp.get_user(AccessToken=first["AccessToken"])["Username"], erin)

        self.idp.admin_user_global_sign_out(UserPoolId=self.pool_id, Username=erin)
        for tokens in (first, second):
            self.assert_error(
                "NotAuthorizedException",
                "Refresh Token has been revoked",
                self.refresh,
                refresh_token=tokens["RefreshToken"],
            )
            self.assert_error(
                "NotAuthorizedException",
                "Access Token has been revoked",
                self.idp.get_user,
                AccessToken=tokens["AccessToken"],
            )
        # A new sign-in works.
        again = self.sign_in(erin)
        self.assertEqual(self.idp.get_user(AccessToken=again["AccessToken"])["Username"], erin)
        self.assert_error(
            "UserNotFoundException",
            "User does not exist.",
            self.idp.admin_user_global_sign_out,
            UserPoolId=self.pool_id,
            Username="nobody-at-all",
        )

    def test_a_reset_password_is_set_again_with_the_emailed_code(self):
        dave = self.make_user()
        email = f"{dave}@example.com"
        self.idp.admin_reset_user_password(UserPoolId=self.pool_id, Username=dave)
        user = self.idp.admin_get_user(UserPoolId=self.pool_id, Username=dave)
        self.assertEqual(user["UserStatus"], "RESET_REQUIRED")
        self.assert_error(
            "PasswordResetRequiredException",
            "Password reset required for the user",
            self.sign_in,
            username=dave,
        )
        code = latest_code(email)
        self.assert_error(
            "CodeMismatchException",
            None,
            self.idp.confirm_forgot_password,
            ClientId=self.client_id,
            Username=dave,
            ConfirmationCode="000000" if code != "000000" else "111111",
            Password="N3w-Passw0rd!",
        )
        self.idp.confirm_forgot_password(
            ClientId=self.client_id, Username=dave, ConfirmationCode=code, Password="N3w-Passw0rd!"
        )
        self.assertEqual(
            self.idp.admin_get_user(UserPoolId=self.pool_id, Username=dave)["UserStatus"], "CONFIRMED"
        )
        self.sign_in(dave, "N3w-Passw0rd!")
        self.assert_error("NotAuthorizedException", "Incorrect username or password.", self.sign_in, username=dave)

        # No verified email to send the code to; a user still on a temporary
        # password; no user.
        unverified = self.make_user(verified=False)
        self.assert_error(
            "InvalidParameterException",
            "Cannot reset password for the user as there is no registered/verified email or phone_number",
            self.idp.admin_reset_user_password,
            UserPoolId=self.pool_id,
            Username=unverified,
        )
        temporary = self.make_user(permanent=False)
        self.assert_error(
            "NotAuthorizedException",
            "User password cannot be reset in the current state.",
            self.idp.admin_reset_user_password,
            UserPoolId=self.pool_id,
            Username=temporary,
        )
        self.assert_error(
            "UserNotFoundException",
            "User does not exist.",
            self.idp.admin_reset_user_password,
            UserPoolId=self.pool_id,
            Username="nobody-at-all",
        )

    def test_attributes_are_updated_and_deleted(self):
        frank = self.make_user()
        self.idp.admin_update_user_attributes(
            UserPoolId=self.pool_id,
            Username=frank,
            UserAttributes=[
                {"Name": "given_name", "Value": "Frank"},
                {"Name": "custom:team", "Value": "blue"},
            ],
        )
        attributes = self.attributes(frank)
        self.assertEqual(attributes["given_name"], "Frank")
        self.assertEqual(attributes["custom:team"], "blue")
        self.assertEqual(attributes["email_verified"], "true")
        self.assertEqual(claims(self.sign_in(frank)["IdToken"])["given_name"], "Frank")

        # A new email is unverified, and gets a code (the pool verifies email)...
        new_email = f"new-{frank}@example.com"
        self.idp.admin_update_user_attributes(
            UserPoolId=self.pool_id, Username=frank, UserAttributes=[{"Name": "email", "Value": new_email}]
        )
        attributes = self.attributes(frank)
        self.assertEqual(attributes["email"], new_email)
        self.assertEqual(attributes["email_verified"], "false")
        self.assertEqual(len(messages(new_email)), 1)
        # ...unless the administrator marks it verified in the same call.
        verified_email = f"verified-{frank}@example.com"
        self.idp.admin_update_user_attributes(
            UserPoolId=self.pool_id,
            Username=frank,
            UserAttributes=[
                {"Name": "email", "Value": verified_email},
                {"Name": "email_verified", "Value": "true"},
            ],
        )
        self.assertEqual(self.attributes(frank)["email_verified"], "true")
        self.assertEqual(messages(verified_email), [])

        self.idp.admin_delete_user_attributes(
            UserPoolId=self.pool_id, Username=frank, UserAttributeNames=["given_name", "custom:team"]
        )
        attributes = self.attributes(frank)
        self.assertNotIn("given_name", attributes)
        self.assertNotIn("custom:team", attributes)
        self.assertEqual(attributes["email"], verified_email)

        self.assert_error(
            "InvalidParameterException",
            "Cannot modify the non-mutable attribute sub",
            self.idp.admin_delete_user_attributes,
            UserPoolId=self.pool_id,
            Username=frank,
            UserAttributeNames=["sub"],
        )
        self.assert_error(
            "InvalidParameterException",
            "Attribute does not exist in the schema: shoe_size",
            self.idp.admin_update_user_attributes,
            UserPoolId=self.pool_id,
            Username=frank,
            UserAttributes=[{"Name": "shoe_size", "Value": "44"}],
        )
        self.assert_error(
            "InvalidParameterException",
            "Invalid email address format.",
            self.idp.admin_update_user_attributes,
            UserPoolId=self.pool_id,
            Username=frank,
            UserAttributes=[{"Name": "email", "Value": "not an email"}],
        )
        for call, extra in (
            (self.idp.admin_update_user_attributes, {"UserAttributes": [{"Name": "name", "Value": "x"}]}),
            (self.idp.admin_delete_user_attributes, {"UserAttributeNames": ["name"]}),
        ):
            self.assert_error(
                "UserNotFoundException",
                "User does not exist.",
                call,
                UserPoolId=self.pool_id,
                Username="nobody-at-all",
                **extra,
            )

    # --- pools and clients --------------------------------------------------

    def test_a_pool_is_updated(self):
        pool_id, _ = self.new_pool(unique("update"))
        try:
            before = self.idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
            self.idp.update_user_pool(
                UserPoolId=pool_id,
                Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireSymbols": False}},
                AutoVerifiedAttributes=["email"],
            )
            after = self.idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
            policy = after["Policies"]["PasswordPolicy"]
            self.assertEqual(policy["MinimumLength"], 12)
            self.assertFalse(policy["RequireSymbols"])
            self.assertEqual(after["AutoVerifiedAttributes"], ["email"])
            self.assertEqual(after["Name"], before["Name"])
            self.assertEqual(after["CreationDate"], before["CreationDate"])
            self.assertGreaterEqual(after["LastModifiedDate"], before["LastModifiedDate"])

            # The new policy holds for new passwords.
            user = self.make_user(pool_id=pool_id, permanent=False)
            self.assert_error(
                "InvalidPasswordException",
                "Password did not conform with policy: Password not long enough",
                self.idp.admin_set_user_password,
                UserPoolId=pool_id,
                Username=user,
                Password="Short1a!x",
                Permanent=True,
            )
            self.idp.admin_set_user_password(
                UserPoolId=pool_id, Username=user, Password="longenough1A", Permanent=True
            )

            # As on Cognito, what an update leaves out goes back to its default.
            self.idp.update_user_pool(UserPoolId=pool_id, PoolName="renamed")
            renamed = self.idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
            self.assertEqual(renamed["Name"], "renamed")
            self.assertEqual(renamed["Policies"]["PasswordPolicy"]["MinimumLength"], 8)
            self.assertEqual(renamed.get("AutoVerifiedAttributes", []), [])

            self.assert_error(
                "InvalidParameterException",
                None,
                self.idp.update_user_pool,
                UserPoolId=pool_id,
                Policies={"PasswordPolicy": {"MinimumLength": 100}},
            )
            self.assert_error(
                "InvalidParameterException",
                None,
                self.idp.update_user_pool,
                UserPoolId=pool_id,
                AutoVerifiedAttributes=["given_name"],
            )
            self.assert_error(
                "ResourceNotFoundException",
                "User pool us-east-1_Missing does not exist.",
                self.idp.update_user_pool,
                UserPoolId="us-east-1_Missing",
            )
        finally:
            self.idp.delete_user_pool(UserPoolId=pool_id)

    def test_clients_are_listed_and_updated(self):
        pool_id, client_id = self.new_pool(unique("clients"))
        try:
            other = self.idp.create_user_pool_client(UserPoolId=pool_id, ClientName="other")["UserPoolClient"]
            first = self.idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=1)
            self.assertEqual(
                first["UserPoolClients"],
                [{"ClientId": client_id, "UserPoolId": pool_id, "ClientName": "scripts"}],
            )
            rest = self.idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=1, NextToken=first["NextToken"])
            self.assertEqual([c["ClientId"] for c in rest["UserPoolClients"]], [other["ClientId"]])
            self.assertNotIn("NextToken", rest)

            user = self.make_user(pool_id=pool_id)
            self.sign_in(user, client_id=client_id)
            before = self.idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
            updated = self.idp.update_user_pool_client(
                UserPoolId=pool_id,
                ClientId=client_id,
                ClientName="renamed",
                ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                AccessTokenValidity=30,
                TokenValidityUnits={"AccessToken": "minutes"},
            )["UserPoolClient"]
            described = self.idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
            self.assertEqual(updated, described)
            self.assertEqual(described["ClientName"], "renamed")
            self.assertEqual(described["AccessTokenValidity"], 30)
            self.assertEqual(described["TokenValidityUnits"]["AccessToken"], "minutes")
            self.assertEqual(described["CreationDate"], before["CreationDate"])
            # The flows it no longer allows are refused.
            self.assert_error(
                "InvalidParameterException",
                "USER_PASSWORD_AUTH flow not enabled for this client",
                self.sign_in,
                username=user,
                client_id=client_id,
            )
            # Back, and the access tokens live as long as it says.
            self.idp.update_user_pool_client(
                UserPoolId=pool_id,
                ClientId=client_id,
                ExplicitAuthFlows=AUTH_FLOWS,
                AccessTokenValidity=30,
                TokenValidityUnits={"AccessToken": "minutes"},
            )
            self.assertEqual(self.sign_in(user, client_id=client_id)["ExpiresIn"], 1800)
            self.assertEqual(
                self.idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"][
                    "ClientName"
                ],
                "renamed",
            )

            # An update that names no flows gives Cognito's default ones:
            # SRP, refresh and custom, and no longer plain passwords.
            self.idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
            defaults = self.idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
            self.assertEqual(
                sorted(defaults["ExplicitAuthFlows"]),
                ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
            )
            self.assertEqual(defaults["AccessTokenValidity"], 1)
            self.assertEqual(defaults["TokenValidityUnits"]["AccessToken"], "hours")
            self.assertEqual(defaults["ClientName"], "renamed")
            self.assert_error(
                "InvalidParameterException",
                "USER_PASSWORD_AUTH flow not enabled for this client",
                self.sign_in,
                username=user,
                client_id=client_id,
            )

            self.assert_error(
                "InvalidParameterException",
                None,
                self.idp.update_user_pool_client,
                UserPoolId=pool_id,
                ClientId=client_id,
                AccessTokenValidity=2,
                TokenValidityUnits={"AccessToken": "days"},
            )
            self.assert_error(
                "InvalidParameterException",
                "Invalid ExplicitAuthFlow ALLOW_EVERYTHING.",
                self.idp.update_user_pool_client,
                UserPoolId=pool_id,
                ClientId=client_id,
                ExplicitAuthFlows=["ALLOW_EVERYTHING"],
            )
            # A client of another pool is not found in this one.
            self.assert_error(
                "ResourceNotFoundException",
                f"User pool client {self.client_id} does not exist.",
                self.idp.update_user_pool_client,
                UserPoolId=pool_id,
                ClientId=self.client_id,
            )
            self.assert_error(
                "ResourceNotFoundException",
                "User pool us-east-1_Missing does not exist.",
                self.idp.list_user_pool_clients,
                UserPoolId="us-east-1_Missing",
            )
        finally:
            self.idp.delete_user_pool(UserPoolId=pool_id)

    def test_a_deleted_client_is_gone_with_its_sign_ins(self):
        client_id = self.idp.create_user_pool_client(
            UserPoolId=self.pool_id, ClientName="doomed", ExplicitAuthFlows=AUTH_FLOWS
        )["UserPoolClient"]["ClientId"]
        tokens = self.sign_in(self.make_user(), client_id=client_id)

        self.idp.delete_user_pool_client(UserPoolId=self.pool_id, ClientId=client_id)
        missing = f"User pool client {client_id} does not exist."
        self.assert_error(
            "ResourceNotFoundException",
            missing,
            self.idp.describe_user_pool_client,
            UserPoolId=self.pool_id,
            ClientId=client_id,
        )
        self.assert_error(
            "ResourceNotFoundException",
            missing,
            self.refresh,
            refresh_token=tokens["RefreshToken"],
            client_id=client_id,
        )
        self.assert_error(
            "NotAuthorizedException",
            None,
            self.idp.get_user,
            AccessToken=tokens["AccessToken"],
        )
        listed = self.idp.list_user_pool_clients(UserPoolId=self.pool_id)["UserPoolClients"]
        self.assertNotIn(client_id, [c["ClientId"] for c in listed])
        self.assert_error(
            "ResourceNotFoundException",
            missing,
            self.idp.delete_user_pool_client,
            UserPoolId=self.pool_id,
            ClientId=client_id,
        )

    def test_a_deleted_pool_is_gone_with_everything_in_it(self):
        pool_id, client_id = self.new_pool(unique("doomed"))
        user = self.make_user(pool_id=pool_id)
        self.idp.create_group(UserPoolId=pool_id, GroupName="members")
        self.idp.admin_add_user_to_group(UserPoolId=pool_id, Username=user, GroupName="members")
        tokens = self.sign_in(user, client_id=client_id)
        self.idp.admin_reset_user_password(UserPoolId=pool_id, Username=user)
        self.assertEqual(len(messages(f"{user}@example.com")), 1)

        self.idp.delete_user_pool(UserPoolId=pool_id)
        missing = f"User pool {pool_id} does not exist."
        for call, extra in (
            (self.idp.describe_user_pool, {}),
            (self.idp.delete_user_pool, {}),
            (self.idp.list_users, {}),
            (self.idp.list_groups, {}),
            (self.idp.list_user_pool_clients, {}),
            (self.idp.admin_get_user, {"Username": user}),
            (self.idp.get_group, {"GroupName": "members"}),
        ):
            self.assert_error("ResourceNotFoundException", missing, call, UserPoolId=pool_id, **extra)
        self.assert_error(
            "ResourceNotFoundException",
            f"User pool client {client_id} does not exist.",
            self.sign_in,
            username=user,
            client_id=client_id,
        )
        self.assert_error("NotAuthorizedException", None, self.idp.get_user, AccessToken=tokens["AccessToken"])
        pools = self.idp.list_user_pools(MaxResults=60)["UserPools"]
        self.assertNotIn(pool_id, [p["Id"] for p in pools])
        self.assertEqual(messages(f"{user}@example.com"), [])


if __name__ == "__main__":
    unittest.main()
