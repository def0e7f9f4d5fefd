// What the workshop's page does before a visitor can sign in: a user pool
// object from config.js, then the form's submit handler bound when jQuery
// says the DOM is ready. 'interactive' marks that moment, as the app marks
// its own. Signing in itself is not measured here.
var userPool = new AmazonCognitoIdentity.CognitoUserPool({
  UserPoolId: _config.cognito.userPoolId,
  ClientId: _config.cognito.userPoolClientId,
});

$(function onDocReady() {
  $('#signinForm').submit(function handleSignin(event) {
    event.preventDefault();
  });
  performance.mark('interactive');
});
