//! The account page's remembered devices: the list (ListDevices), this
//! browser marked, and "Forget" for each (ForgetDevice), after which that
//! device's sign-in asks for the code of two-step sign-in again.

use leptos::prelude::*;

use crate::components::fields::{Alert, Button, Outcome};
use crate::components::request::run;
use crate::messages::{self, Form};
use crate::session;
use crate::site::Site;

#[component]
pub fn Devices(site: Site) -> impl IntoView {
    let auth = site.auth;
    let outcome = Outcome::new(None);
    // (key, name) of each; None until ListDevices answers.
    let listed = RwSignal::new(None::<Vec<(String, String)>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match auth
                .act(site.api, move |s| async move { site.api.devices(&s).await })
                .await
            {
                Ok(devices) => listed.set(Some(devices)),
                Err(e) => outcome.failed(auth, Form::Devices, e),
            }
        });
    };
    load();
    // The device this browser is, if it is remembered.
    let this_one = move || {
        auth.session.with(|s| {
            s.as_ref()
                .and_then(|s| session::device(&site.api.config().client_id, &s.user))
                .map(|d| d.key)
        })
    };
    let forgetting = RwSignal::new(false);
    let forget = move |key: String| {
        run(
            forgetting,
            auth.act(site.api, move |s| {
                let key = key.clone();
                async move { site.api.forget_device(&s, &key).await }
            }),
            move |result| match result {
                Ok(()) => {
                    outcome.say(Ok(messages::DEVICE_FORGOTTEN.into()));
                    load();
                }
                Err(e) => outcome.failed(auth, Form::Devices, e),
            },
        );
    };
    view! {
        <h2>"Remembered devices"</h2>
        {move || listed.get().map(|devices| {
            if devices.is_empty() {
                return view! { <p>{messages::NO_DEVICES}</p> }.into_any();
            }
            let this_one = this_one();
            view! {
                <ul class="devices">
                    {devices.into_iter().map(|(key, name)| {
                        let here = this_one.as_deref() == Some(key.as_str());
                        let forget_this = Callback::new(move |()| forget(key.clone()));
                        view! {
                            <li>
                                {name} {here.then_some(messages::THIS_BROWSER)} " "
                                <Button label="Forget" busy_label="Forgetting…" busy=forgetting class="link" on_click=forget_this />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
                .into_any()
        })}
        <Alert error=outcome.error notice=outcome.notice />
    }
}
