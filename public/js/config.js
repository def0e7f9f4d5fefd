// Runtime settings, in the AWS workshop's format. This file points at
// local-cognito (`cargo xtask dev` starts it); deploying writes the real
// user pool's values here.
window._config = {
  cognito: {
    userPoolId: 'us-east-1_WildRydes',
    userPoolClientId: 'wildrydeslocalwebclient001',
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9229',
    // Optional: the pool's password policy, shown and ticked on the forms
    // (Cognito's default, all four kinds of character, when left out).
    passwordPolicy: {
      minimumLength: 8,
      requireUppercase: true,
      requireLowercase: true,
      requireNumbers: true,
      requireSymbols: false
    },
    // Optional: true if the app client rotates refresh tokens.
    refreshTokenRotation: false,
    // Optional: the pool's ways to start a sign-in (its
    // AllowedFirstAuthFactors). Left out, the sign-in page asks the pool
    // for each account typed (USER_AUTH's AvailableChallenges).
    signInMethods: ['PASSWORD', 'WEB_AUTHN', 'EMAIL_OTP']
  },
  api: {
    invokeUrl: ''
  }
};
