//! An async client: one method per operation, against
//! `https://cognito-idp.<region>.amazonaws.com/` or an endpoint override
//! (local-cognito). Service errors come back typed, with Cognito's message;
//! a request that never got an answer is a [`ClientError::Network`].

use core::fmt;
use core::future::Future;
use core::pin::Pin;

use crate::operation::Op;
use crate::{ErrorCode, ServiceError};

/// What came back over HTTP.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    /// `x-amzn-ErrorType`, read when the body says nothing usable.
    pub error_type: Option<String>,
    pub body: String,
}

/// Sends one request: `POST url` with the AWS JSON 1.1 headers.
pub trait Transport {
    /// Err is a failure to get any answer (offline, refused, CORS, DNS).
    fn post(
        &self,
        url: &str,
        target: &str,
        body: String,
    ) -> impl Future<Output = Result<HttpResponse, String>>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The service answered with an error.
    Service(ServiceError),
    /// No answer: the endpoint could not be reached.
    Network(String),
    /// An answer that is not the protocol (a proxy's error page, say).
    Unexpected { status: u16, body: String },
}

impl ClientError {
    /// The service's exception, if it was one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Service(e) => Some(e.code),
            _ => None,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Service(e) => e.fmt(f),
            ClientError::Network(e) => write!(f, "network error: {e}"),
            ClientError::Unexpected { status, body } => {
                write!(f, "unexpected HTTP {status}: {body}")
            }
        }
    }
}

impl std::error::Error for ClientError {}

pub struct Client<T> {
    endpoint: String,
    transport: T,
}

impl<T: Transport> Client<T> {
    /// The real service's endpoint for a region.
    pub fn for_region(region: &str, transport: T) -> Self {
        Client::with_endpoint(
            &format!("https://cognito-idp.{region}.amazonaws.com/"),
            transport,
        )
    }

    /// Another Cognito-compatible endpoint; requests go to its path `/`.
    pub fn with_endpoint(endpoint: &str, transport: T) -> Self {
        let endpoint = format!("{}/", endpoint.trim_end_matches('/'));
        Client {
            endpoint,
            transport,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// One operation's call; the methods that name them are made from the
    /// operation table (`operation.rs`).
    pub(crate) async fn call<O: Op>(
        &self,
        request: &O::Request,
    ) -> Result<O::Response, ClientError> {
        let body = self
            .send(O::TARGET, crate::json::to_string(request))
            .await?;
        crate::json::from_str(&body).ok_or(ClientError::Unexpected { status: 200, body })
    }

    /// One request's round trip: the body of a 200, or the error. Boxed so
    /// that its code exists once, not once per operation (the app's wasm
    /// would otherwise carry a copy in every request it makes).
    fn send(
        &self,
        target: &'static str,
        body: String,
    ) -> Pin<Box<dyn Future<Output = Result<String, ClientError>> + '_>> {
        Box::pin(async move {
            let response = self
                .transport
                .post(&self.endpoint, target, body)
                .await
                .map_err(ClientError::Network)?;
            if response.status == 200 {
                return Ok(response.body);
            }
            if let Some(error) = ServiceError::from_body(&response.body) {
                return Err(ClientError::Service(error));
            }
            match response.error_type.as_deref().and_then(ErrorCode::parse) {
                Some(code) => Err(ClientError::Service(ServiceError::new(code, ""))),
                None => Err(ClientError::Unexpected {
                    status: response.status,
                    body: response.body,
                }),
            }
        })
    }
}

/// reqwest, for native callers (tests, tools).
#[cfg(feature = "reqwest")]
#[derive(Clone, Default)]
pub struct Reqwest(pub reqwest::Client);

#[cfg(feature = "reqwest")]
impl Transport for Reqwest {
    async fn post(&self, url: &str, target: &str, body: String) -> Result<HttpResponse, String> {
        let response = self
            .0
            .post(url)
            .header("content-type", crate::CONTENT_TYPE)
            .header("x-amz-target", target)
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let error_type = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let body = response.text().await.map_err(|e| e.to_string())?;
        Ok(HttpResponse {
            status,
            error_type,
            body,
        })
    }
}

/// How long a request may take in the browser before it is given up.
#[cfg(feature = "fetch")]
const FETCH_TIMEOUT_MS: u32 = 30_000;

/// The browser's fetch, as amazon-cognito-identity-js calls it (CORS,
/// `Cache-Control: no-store`).
#[cfg(feature = "fetch")]
#[derive(Clone, Copy, Default)]
pub struct Fetch;

#[cfg(feature = "fetch")]
impl Transport for Fetch {
    async fn post(&self, url: &str, target: &str, body: String) -> Result<HttpResponse, String> {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        let describe = |e: wasm_bindgen::JsValue| {
            e.dyn_ref::<js_sys::Error>()
                .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
        };
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_mode(web_sys::RequestMode::Cors);
        init.set_cache(web_sys::RequestCache::NoStore);
        init.set_body(&wasm_bindgen::JsValue::from_str(&body));
        // A request that never ends would leave a form busy for good: after
        // this long it fails as a network error, and the form says so.
        init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
            FETCH_TIMEOUT_MS,
        )));
        let headers = web_sys::Headers::new().map_err(describe)?;
        headers
            .set("content-type", crate::CONTENT_TYPE)
            .map_err(describe)?;
        headers.set("x-amz-target", target).map_err(describe)?;
        init.set_headers(&headers);
        let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(describe)?;
        let window = web_sys::window().ok_or("no window")?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(describe)?
            .unchecked_into();
        let error_type = response.headers().get("x-amzn-errortype").ok().flatten();
        let text = JsFuture::from(response.text().map_err(describe)?)
            .await
            .map_err(describe)?;
        Ok(HttpResponse {
            status: response.status(),
            error_type,
            body: text.as_string().unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ResendConfirmationCodeRequest;
    use std::cell::RefCell;

    /// A transport that answers from a script, to test the client's reading
    /// of answers without a server (the server tests use local-cognito).
    struct Scripted(
        RefCell<Vec<Result<HttpResponse, String>>>,
        RefCell<Vec<(String, String, String)>>,
    );

    impl Transport for Scripted {
        async fn post(
            &self,
            url: &str,
            target: &str,
            body: String,
        ) -> Result<HttpResponse, String> {
            self.1.borrow_mut().push((url.into(), target.into(), body));
            self.0.borrow_mut().remove(0)
        }
    }

    fn answer(status: u16, error_type: Option<&str>, body: &str) -> Result<HttpResponse, String> {
        Ok(HttpResponse {
            status,
            error_type: error_type.map(String::from),
            body: body.into(),
        })
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        // The scripted transport never waits, so one poll finishes it.
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("the scripted transport does not wait"),
        }
    }

    #[test]
    fn reads_answers_errors_and_failures() {
        let transport = Scripted(
            RefCell::new(vec![
                answer(
                    200,
                    None,
                    r#"{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
                ),
                answer(
                    400,
                    Some("UserNotFoundException:"),
                    r#"{"__type":"UserNotFoundException","message":"Username/client id combination not found."}"#,
                ),
                answer(400, Some("LimitExceededException"), "<html>oops</html>"),
                answer(502, None, "<html>bad gateway</html>"),
                Err("Failed to fetch".into()),
            ]),
            RefCell::default(),
        );
        let client = Client::for_region("eu-west-1", transport);
        let request = ResendConfirmationCodeRequest {
            client_id: "c".into(),
            username: "u".into(),
        };
        let ok = block_on(client.resend_confirmation_code(&request)).unwrap();
        assert_eq!(ok.code_delivery_details.destination, "a***@e***");
        let error = block_on(client.resend_confirmation_code(&request)).unwrap_err();
        assert_eq!(error.code(), Some(ErrorCode::UserNotFoundException));
        assert_eq!(
            error.to_string(),
            "UserNotFoundException: Username/client id combination not found."
        );
        assert_eq!(
            block_on(client.resend_confirmation_code(&request))
                .unwrap_err()
                .code(),
            Some(ErrorCode::LimitExceededException)
        );
        assert!(matches!(
            block_on(client.resend_confirmation_code(&request)),
            Err(ClientError::Unexpected { status: 502, .. })
        ));
        assert_eq!(
            block_on(client.resend_confirmation_code(&request)),
            Err(ClientError::Network("Failed to fetch".into()))
        );
        let sent = client.transport.1.borrow();
        assert_eq!(sent[0].0, "https://cognito-idp.eu-west-1.amazonaws.com/");
        assert_eq!(
            sent[0].1,
            "AWSCognitoIdentityProviderService.ResendConfirmationCode"
        );
        assert_eq!(sent[0].2, r#"{"ClientId":"c","Username":"u"}"#);
    }

    #[test]
    fn endpoints_end_in_one_slash() {
        let transport = Scripted(RefCell::default(), RefCell::default());
        assert_eq!(
            Client::with_endpoint("http://127.0.0.1:9229", transport).endpoint(),
            "http://127.0.0.1:9229/"
        );
    }
}
