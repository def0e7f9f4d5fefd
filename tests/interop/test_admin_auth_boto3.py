"""AdminInitiateAuth and AdminRespondToAuthChallenge with boto3, as back ends
and scripts sign users in: the admin password flow where the client allows
it, USER_SRP_AUTH (with the small SRP client below, docs/srp.md's math),
NEW_PASSWORD_REQUIRED for a user an administrator made, REFRESH_TOKEN_AUTH,
and the errors; then GetTokensFromRefreshToken on a client that rotates
refresh tokens.

`cargo xtask test` starts local-cognito and sets LOCAL_COGNITO_URL; by hand:

    LOCAL_COGNITO_URL=http://127.0.0.1:9229 python -m unittest tests/interop/test_admin_auth_boto3.py -v
"""

import base64
import datetime
import hashlib
import hmac
import json
import pathlib
import secrets
import unittest

from botocore.exceptions import ClientError

from local_cognito import PASSWORD, PoolTestCase, claims, unique

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "crates/cognito-srp/vectors/srp-vectors.json"


# --- an SRP client, after docs/srp.md (section numbers are its) -------------


def pad_hex(n):
    """§2: the minimal big-endian bytes, with a 00 in front when the top bit is set."""
    text = format(n, "x")
    if len(text) % 2:
        text = "0" + text
    if text[0] in "89abcdef":
        text = "00" + text
    return bytes.fromhex(text)


def sha256_int(*parts):
    return int.from_bytes(hashlib.sha256(b"".join(parts)).digest(), "big")


class SrpClient:
    """The client half of USER_SRP_AUTH (§3), for one sign-in."""

    def __init__(self):
        constants = json.loads(VECTORS.read_text())["constants"]
        self.n = int(constants["N_hex"], 16)
        self.g = 2
        self.k = sha256_int(pad_hex(self.n), pad_hex(self.g))
        self.a = int.from_bytes(secrets.token_bytes(128), "big")
        self.big_a = pow(self.g, self.a, self.n)

    def srp_a(self):
        return format(self.big_a, "x")

    def responses(self, pool_id, password, parameters, now=None):
        """The ChallengeResponses for a PASSWORD_VERIFIER challenge."""
        pool_name = pool_id.split("_", 1)[1]
        user_id = parameters["USER_ID_FOR_SRP"]
        big_b = int(parameters["SRP_B"], 16)
        salt = int(parameters["SALT"], 16)
        u = sha256_int(pad_hex(self.big_a), pad_hex(big_b))
        inner = hashlib.sha256(f"{pool_name}{user_id}:{password}".encode()).digest()
        x = sha256_int(pad_hex(salt), inner)
        base = (big_b - self.k * pow(self.g, x, self.n)) % self.n
        s = pow(base, self.a + u * x, self.n)
        prk = hmac.new(pad_hex(u), pad_hex(s), hashlib.sha256).digest()
        key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
        now = now or datetime.datetime.now(datetime.timezone.utc)
        days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        timestamp = (
            f"{days[now.weekday()]} {months[now.month - 1]} {now.day} "
            f"{now.hour:02}:{now.minute:02}:{now.second:02} UTC {now.year}"
        )
        message = (
            pool_name.encode()
            + user_id.encode()
            + base64.b64decode(parameters["SECRET_BLOCK"])
            + timestamp.encode()
        )
        signature = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
        return {
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": parameters["SECRET_BLOCK"],
            "TIMESTAMP": timestamp,
            "PASSWORD_CLAIM_SIGNATURE": signature,
        }


class AdminAuth(PoolTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pool = cls.idp.create_user_pool(PoolName=unique("admin-auth"))
        cls.pool_id = pool["UserPool"]["Id"]
        cls.client_id = cls.new_client(
            ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
        )

    @classmethod
    def new_client(cls, flows, **settings):
        client = cls.idp.create_user_pool_client(
            UserPoolId=cls.pool_id, ClientName=unique("back-end"), ExplicitAuthFlows=flows, **settings
        )
        return client["UserPoolClient"]["ClientId"]

    def make_user(self, permanent=True):
        username = unique("user")
        self.idp.admin_create_user(
            UserPoolId=self.pool_id,
            Username=username,
            MessageAction="SUPPRESS",
            TemporaryPassword="Temporary-pass1",
            UserAttributes=[
                {"Name": "email", "Value": f"{username}@example.com"},
                {"Name": "email_verified", "Value": "true"},
            ],
        )
        if permanent:
            self.idp.admin_set_user_password(
                UserPoolId=self.pool_id, Username=username, Password=PASSWORD, Permanent=True
            )
        return username

    def admin_password(self, username, password=PASSWORD, client_id=None, flow="ADMIN_USER_PASSWORD_AUTH"):
        return self.idp.admin_initiate_auth(
            UserPoolId=self.pool_id,
            ClientId=client_id or self.client_id,
            AuthFlow=flow,
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )

    def assert_error(self, code, message, call, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        error = raised.exception.response["Error"]
        self.assertEqual(error["Code"], code, error)
        if message is not None:
            self.assertEqual(error["Message"], message)

    # --- ADMIN_USER_PASSWORD_AUTH -----------------------------------------

    def test_admin_password_sign_in_and_refresh(self):
        username = self.make_user()
        result = self.admin_password(username)["AuthenticationResult"]
        self.assertEqual(result["TokenType"], "Bearer")
        id_claims = claims(result["IdToken"])
        self.assertEqual(id_claims["cognito:username"], username)
        self.assertEqual(id_claims["aud"], self.client_id)
        self.assertEqual(self.idp.get_user(AccessToken=result["AccessToken"])["Username"], username)
        # ADMIN_NO_SRP_AUTH, the flow's old name, is the same flow.
        self.admin_password(username, flow="ADMIN_NO_SRP_AUTH")["AuthenticationResult"]

        refreshed = self.idp.admin_initiate_auth(
            UserPoolId=self.pool_id,
            ClientId=self.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]},
        )["AuthenticationResult"]
        self.assertNotIn("RefreshToken", refreshed)
        self.assertEqual(claims(refreshed["IdToken"])["origin_jti"], id_claims["origin_jti"])

    def test_admin_password_errors(self):
        username = self.make_user()
        self.assert_error(
            "NotAuthorizedException",
            "Incorrect username or password.",
            self.admin_password,
            username=username,
            password="Wr0ng-pass1",
        )
        self.assert_error(
            "UserNotFoundException", "User does not exist.", self.admin_password, username="nobody"
        )
        # A client without ALLOW_ADMIN_USER_PASSWORD_AUTH.
        srp_only = self.new_client(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        self.assert_error(
            "InvalidParameterException",
            "Auth flow not enabled for this client",
            self.admin_password,
            username=username,
            client_id=srp_only,
        )
        # USER_PASSWORD_AUTH belongs to InitiateAuth.
        self.assert_error(
            "InvalidParameterException",
            "Initiate Auth method not supported.",
            self.admin_password,
            username=username,
            flow="USER_PASSWORD_AUTH",
        )
        # A client of another pool, and a pool that does not exist.
        other = self.idp.create_user_pool(PoolName=unique("other"))["UserPool"]["Id"]
        try:
            self.assert_error(
                "ResourceNotFoundException",
                f"User pool client {self.client_id} does not exist.",
                self.idp.admin_initiate_auth,
                UserPoolId=other,
                ClientId=self.client_id,
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
            )
        finally:
            self.idp.delete_user_pool(UserPoolId=other)
        self.assert_error(
            "ResourceNotFoundException",
            "User pool us-east-1_Nothing does not exist.",
            self.idp.admin_initiate_auth,
            UserPoolId="us-east-1_Nothing",
            ClientId=self.client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
        )
        # A disabled user.
        self.idp.admin_disable_user(UserPoolId=self.pool_id, Username=username)
        self.assert_error(
            "NotAuthorizedException", "User is disabled.", self.admin_password, username=username
        )

    # --- NEW_PASSWORD_REQUIRED --------------------------------------------

    def test_a_new_user_sets_a_password(self):
        username = self.make_user(permanent=False)
        challenge = self.admin_password(username, password="Temporary-pass1")
        self.assertEqual(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED")
        self.assertIn("Session", challenge)

        def respond(password):
            return self.idp.admin_respond_to_auth_challenge(
                UserPoolId=self.pool_id,
                ClientId=self.client_id,
                ChallengeName="NEW_PASSWORD_REQUIRED",
                Session=challenge["Session"],
                ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": password},
            )

        self.assert_error("InvalidPasswordException", None, respond, password="short")
        result = respond("Permanent-pass1")["AuthenticationResult"]
        self.assertTrue(result["AccessToken"])
        user = self.idp.admin_get_user(UserPoolId=self.pool_id, Username=username)
        self.assertEqual(user["UserStatus"], "CONFIRMED")
        self.assert_error(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired.",
            respond,
            password="Another-pass1",
        )
        self.admin_password(username, password="Permanent-pass1")["AuthenticationResult"]

    # --- USER_SRP_AUTH ----------------------------------------------------

    def start_srp(self, username, client_id=None):
        srp = SrpClient()
        challenge = self.idp.admin_initiate_auth(
            UserPoolId=self.pool_id,
            ClientId=client_id or self.client_id,
            AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": username, "SRP_A": srp.srp_a()},
        )
        return srp, challenge

    def answer(self, srp, challenge, password=PASSWORD, now=None):
        return self.idp.admin_respond_to_auth_challenge(
            UserPoolId=self.pool_id,
            ClientId=self.client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=srp.responses(
                self.pool_id, password, challenge["ChallengeParameters"], now
            ),
        )

    def test_srp_sign_in(self):
        username = self.make_user()
        srp, challenge = self.start_srp(username)
        self.assertEqual(challenge["ChallengeName"], "PASSWORD_VERIFIER")
        self.assertEqual(challenge["ChallengeParameters"]["USER_ID_FOR_SRP"], username)
        result = self.answer(srp, challenge)["AuthenticationResult"]
        self.assertEqual(claims(result["IdToken"])["cognito:username"], username)

        # A wrong password, and a clock ten minutes behind.
        srp, challenge = self.start_srp(username)
        self.assert_error(
            "NotAuthorizedException",
            "Incorrect username or password.",
            self.answer,
            srp=srp,
            challenge=challenge,
            password="Wr0ng-pass1",
        )
        srp, challenge = self.start_srp(username)
        behind = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
        self.assert_error(
            "NotAuthorizedException",
            "Incorrect username or password.",
            self.answer,
            srp=srp,
            challenge=challenge,
            now=behind,
        )
        # A client without ALLOW_USER_SRP_AUTH.
        admin_only = self.new_client(["ALLOW_ADMIN_USER_PASSWORD_AUTH"])
        self.assert_error(
            "InvalidParameterException",
            "USER_SRP_AUTH flow not enabled for this client",
            self.start_srp,
            username=username,
            client_id=admin_only,
        )

    # --- rotation ---------------------------------------------------------

    def test_get_tokens_from_refresh_token_rotates_where_the_client_says(self):
        rotating = self.new_client(
            ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 0},
        )
        described = self.idp.describe_user_pool_client(UserPoolId=self.pool_id, ClientId=rotating)
        self.assertEqual(
            described["UserPoolClient"]["RefreshTokenRotation"],
            {"Feature": "ENABLED", "RetryGracePeriodSeconds": 0},
        )
        username = self.make_user()
        first = self.admin_password(username, client_id=rotating)["AuthenticationResult"]
        second = self.idp.get_tokens_from_refresh_token(
            ClientId=rotating, RefreshToken=first["RefreshToken"]
        )["AuthenticationResult"]
        self.assertNotEqual(second["RefreshToken"], first["RefreshToken"])
        self.assert_error(
            "RefreshTokenReuseException",
            None,
            self.idp.get_tokens_from_refresh_token,
            ClientId=rotating,
            RefreshToken=first["RefreshToken"],
        )
        self.assert_error(
            "InvalidParameterException",
            None,
            self.idp.admin_initiate_auth,
            UserPoolId=self.pool_id,
            ClientId=rotating,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": second["RefreshToken"]},
        )
        # AdminUserGlobalSignOut ends the rotated sign-in.
        self.idp.admin_user_global_sign_out(UserPoolId=self.pool_id, Username=username)
        self.assert_error(
            "NotAuthorizedException",
            "Refresh Token has been revoked",
            self.idp.get_tokens_from_refresh_token,
            ClientId=rotating,
            RefreshToken=second["RefreshToken"],
        )
        # A grace out of range is refused.
        self.assert_error(
            "InvalidParameterException",
            None,
            self.idp.update_user_pool_client,
            UserPoolId=self.pool_id,
            ClientId=rotating,
            RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 61},
        )


if __name__ == "__main__":
    unittest.main()
