//! The account page's passkeys: the list (ListWebAuthnCredentials),
//! "Remove" for each (DeleteWebAuthnCredential), and "Add a passkey":
//! StartWebAuthnRegistration's options to the browser, which asks the user
//! (fingerprint, face, screen lock), then its new credential to
//! CompleteWebAuthnRegistration.

use leptos::prelude::*;
use webauthn_json::PasskeyError;

use crate::api::Passkey;
use crate::components::fields::{Alert, Button, Outcome};
use crate::components::request::run;
use crate::messages::{self, Form};
use crate::site::Site;

/// Why no passkey was added: the service's answer, or the browser's.
enum Failure {
    Service(cognito_idp::client::ClientError),
    Browser(PasskeyError),
}

#[component]
pub fn Passkeys(site: Site) -> impl IntoView {
    let auth = site.auth;
    let outcome = Outcome::new(None);
    // None until ListWebAuthnCredentials answers.
    let listed = RwSignal::new(None::<Vec<Passkey>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match auth
                .act(
                    site.api,
                    move |s| async move { site.api.passkeys(&s).await },
                )
                .await
            {
                Ok(passkeys) => listed.set(Some(passkeys)),
                Err(e) => outcome.failed(auth, Form::Passkeys, e),
            }
        });
    };
    load();
    let adding = RwSignal::new(false);
    let add = Callback::new(move |()| {
        let api = site.api;
        let ceremony = async move {
            let options = auth
                .act(api, move |s| async move { api.passkey_options(&s).await })
                .await
                .map_err(Failure::Service)?;
            let created = webauthn_json::create(&options)
                .await
                .map_err(Failure::Browser)?;
            // The browser's JSON, passed on unread: the service reads it.
            let credential = cognito_idp::json::Document::from_text(created)
                .ok_or(Failure::Browser(PasskeyError::Failed))?;
            auth.act(api, move |s| {
                let credential = Clone::clone(&credential);
                async move { api.add_passkey(&s, credential).await }
            })
            .await
            .map_err(Failure::Service)
        };
        run(adding, ceremony, move |result| match result {
            Ok(()) => {
                outcome.say(Ok(messages::PASSKEY_ADDED.into()));
                load();
            }
            Err(Failure::Service(e)) => outcome.failed(auth, Form::Passkeys, e),
            Err(Failure::Browser(why)) => {
                outcome.say(Err(messages::passkey_problem(why, true).into()))
            }
        });
    });
    let removing = RwSignal::new(false);
    let remove = move |id: String| {
        run(
            removing,
            auth.act(site.api, move |s| {
                let id = id.clone();
                async move { site.api.remove_passkey(&s, &id).await }
            }),
            move |result| match result {
                Ok(()) => {
                    outcome.say(Ok(messages::PASSKEY_REMOVED.into()));
                    load();
                }
                Err(e) => outcome.failed(auth, Form::Passkeys, e),
            },
        );
    };
    view! {
        <h2>"Passkeys"</h2>
        <p>{messages::PASSKEYS_EXPLAINED}</p>
        {move || listed.get().map(|passkeys| {
            if passkeys.is_empty() {
                return view! { <p>{messages::NO_PASSKEYS}</p> }.into_any();
            }
            view! {
                <ul class="devices">
                    {passkeys.into_iter().map(|passkey| {
                        // In the visitor's own time zone.
                        let date = js_sys::Date::new(&(passkey.added * 1000.0).into());
                        let added = messages::added_on(date.get_date(), date.get_month(), date.get_full_year());
                        let id = passkey.id;
                        let remove_this = Callback::new(move |()| remove(id.clone()));
                        view! {
                            <li>
                                {passkey.name} " " {added} " "
                                <Button label="Remove" busy_label="Removing…" busy=removing class="link" on_click=remove_this />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
                .into_any()
        })}
        <Show when=webauthn_json::supported fallback=|| view! { <p>{messages::NO_PASSKEYS_HERE}</p> }>
            <Button label="Add a passkey" busy_label="Waiting for your passkey…" busy=adding class="secondary" on_click=add />
        </Show>
        <Alert error=outcome.error notice=outcome.notice />
    }
}
