//! The account page (signed in only): the email and whether it is
//! verified, a new password, a new email and its code, signing out on
//! every device, and deleting the account after a second, explicit yes.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::Profile;
use crate::components::fields::{
    Alert, Button, NewPassword, Outcome, PasswordField, Submit, TextField,
};
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::config::FirstFactor;
use crate::messages::{self, Form};
use crate::notice::Notice;
use crate::pages::devices::Devices;
use crate::pages::passkeys::Passkeys;
use crate::pages::two_step::TwoStep;
use crate::route::Page;
use crate::site::Site;
use crate::validate;

#[component]
pub fn Account(site: Site) -> impl IntoView {
    let navigate = use_navigate();
    let (auth, session) = (site.auth, site.auth.session);
    // GetUser's answer: the email as the service has it now (the ID
    // token's may be older), and whether it is verified.
    let profile = RwSignal::new(None::<Profile>);
    let email_outcome = Outcome::new(None);
    let load_profile = move || {
        leptos::task::spawn_local(async move {
            match auth
                .act(site.api, move |s| async move { site.api.profile(&s).await })
                .await
            {
                Ok(found) => profile.set(Some(found)),
                Err(e) => email_outcome.failed(auth, Form::ChangeEmail, e),
            }
        });
    };
    load_profile();
    let email = move || match profile.get() {
        Some(p) => p.email,
        None => session.with(|s| {
            s.as_ref()
                .map(|s| s.email().to_string())
                .unwrap_or_default()
        }),
    };

    // Change password.
    let old_password = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let password_outcome = Outcome::new(None);
    let changing_password = RwSignal::new(false);
    let policy = &site.api.config().password_policy;
    let on_change_password = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (old, new) = (old_password.get(), new_password.get());
        if let Err(problem) = validate::password_change(policy, &old, &new, &repeated.get()) {
            return password_outcome.say(Err(messages::invalid(problem).into()));
        }
        run(
            changing_password,
            auth.act(site.api, move |s| {
                let (old, new) = (old.clone(), new.clone());
                async move { site.api.change_password(&s, &old, &new).await }
            }),
            move |result| match result {
                Ok(()) => {
                    for field in [old_password, new_password, repeated] {
                        field.set(String::new());
                    }
                    password_outcome.say(Ok(messages::PASSWORD_CHANGED.into()));
                }
                Err(e) => password_outcome.failed(auth, Form::ChangePassword, e),
            },
        );
    };

    // Change email, then its code.
    let new_email = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let code_outcome = Outcome::new(None);
    // A change made on this page waits for its code, whatever GetUser says.
    let pending = RwSignal::new(false);
    let awaiting_code =
        move || pending.get() || profile.with(|p| p.as_ref().is_some_and(|p| !p.email_verified));
    let changing_email = RwSignal::new(false);
    let verifying = RwSignal::new(false);
    let resending = RwSignal::new(false);
    let on_change_email = move |ev: SubmitEvent| {
        ev.prevent_default();
        let address = new_email.get().trim().to_string();
        if let Err(problem) = validate::email_change(&email(), &address) {
            return email_outcome.say(Err(messages::invalid(problem).into()));
        }
        let to = address.clone();
        run(
            changing_email,
            auth.act(site.api, move |s| {
                let address = address.clone();
                async move { site.api.change_email(&s, &address).await }
            }),
            move |result| match result {
                Ok(code_sent) => {
                    new_email.set(String::new());
                    pending.set(true);
                    load_profile();
                    email_outcome.say(Ok(messages::email_changed(&to, code_sent)));
                }
                Err(e) => email_outcome.failed(auth, Form::ChangeEmail, e),
            },
        );
    };
    let on_verify = move |ev: SubmitEvent| {
        ev.prevent_default();
        let digits = code.get().trim().to_string();
        if let Err(problem) = validate::code(&digits) {
            return code_outcome.say(Err(messages::invalid(problem).into()));
        }
        run(
            verifying,
            async move {
                auth.act(site.api, |s| {
                    let digits = digits.clone();
                    async move { site.api.verify_email(&s, &digits).await }
                })
                .await?;
                // New tokens, whose ID token names the new email (for this
                // page, the others, and identity-js on the same origin). A
                // refresh that fails leaves the old ones, still valid.
                if let Some(current) = session.get_untracked() {
                    if let Ok(renewed) = site.api.refresh(&current).await {
                        auth.renewed(&current, renewed);
                    }
                }
                Ok(())
            },
            move |result| match result {
                Ok(()) => {
                    code.set(String::new());
                    pending.set(false);
                    load_profile();
                    email_outcome.say(Ok(messages::EMAIL_VERIFIED_NOW.into()));
                    code_outcome.clear();
                }
                Err(e) => code_outcome.failed(auth, Form::VerifyEmail, e),
            },
        );
    };
    let on_resend = Callback::new(move |()| {
        run(
            resending,
            auth.act(site.api, move |s| async move {
                site.api.resend_email_code(&s).await
            }),
            move |result| match result {
                Ok(sent) => code_outcome.say(Ok(messages::email_code_sent(&sent.destination))),
                Err(e) => code_outcome.failed(auth, Form::VerifyEmail, e),
            },
        );
    });

    // Leaving: signed out everywhere, or the account deleted.
    let leave_outcome = Outcome::new(None);
    let signing_out = RwSignal::new(false);
    let sign_out_everywhere = {
        let navigate = navigate.clone();
        Callback::new(move |()| {
            let navigate = navigate.clone();
            run(
                signing_out,
                auth.act(site.api, move |s| async move {
                    site.api.sign_out_everywhere(&s).await
                }),
                move |result| match result {
                    Ok(()) => auth.leave(
                        site.notices,
                        Notice::SignedOutEverywhere,
                        Page::SignIn,
                        navigate,
                    ),
                    Err(e) => leave_outcome.failed(auth, Form::SignOutEverywhere, e),
                },
            );
        })
    };
    let asked_to_delete = RwSignal::new(false);
    let ask_to_delete = move |asked: bool| {
        asked_to_delete.set(asked);
        // Said in the live region, so that a screen reader reads it too.
        if asked {
            leave_outcome.say(Ok(messages::DELETE_WARNING.into()));
        } else {
            leave_outcome.clear();
        }
    };
    let deleting = RwSignal::new(false);
    let delete = Callback::new(move |()| {
        let navigate = navigate.clone();
        run(
            deleting,
            auth.act(site.api, move |s| async move {
                site.api.delete_account(&s).await
            }),
            move |result| match result {
                Ok(()) => auth.leave(site.notices, Notice::AccountDeleted, Page::Home, navigate),
                Err(e) => leave_outcome.failed(auth, Form::DeleteAccount, e),
            },
        );
    });

    view! {
        <Frame title="Your account">
            <p>
                "Email: " <strong id="account-email">{email}</strong>
                <span id="email-status">{move || profile.with(|p| p.as_ref().map(|p| messages::email_status(p.email_verified)))}</span>
            </p>

            <h2>"Change password"</h2>
            <form on:submit=on_change_password novalidate=true>
                // For password managers: whose password this is.
                <input type="email" name="username" autocomplete="username" hidden=true readonly=true prop:value=email />
                <PasswordField id="current-password" label="Current password" autocomplete="current-password" value=old_password />
                <NewPassword label="New password" repeat_label="Confirm new password" policy=policy password=new_password repeated=repeated />
                <Alert error=password_outcome.error notice=password_outcome.notice />
                <Submit label="Change password" busy_label="Changing…" busy=changing_password />
            </form>

            <h2>"Change email"</h2>
            <form on:submit=on_change_email novalidate=true>
                <TextField id="new-email" label="New email" kind="email" autocomplete="email" value=new_email />
                <Alert error=email_outcome.error notice=email_outcome.notice />
                <Submit label="Change email" busy_label="Changing…" busy=changing_email />
            </form>
            // Shown and hidden rather than built and dropped: less wasm.
            <form on:submit=on_verify novalidate=true hidden=move || !awaiting_code()>
                <TextField id="code" label="Verification code" autocomplete="one-time-code" inputmode="numeric" value=code />
                <Alert error=code_outcome.error notice=code_outcome.notice />
                <Submit label="Verify" busy_label="Verifying…" busy=verifying />
                <Button label="Resend code" busy_label="Sending…" busy=resending class="link" on_click=on_resend />
            </form>

            <TwoStep site profile reload=Callback::new(move |()| load_profile()) />

            <Devices site />

            // Where config.js lists the pool's ways to sign in, passkeys
            // only if it allows them (else the service says so).
            <Show when=move || site.api.config().sign_in_methods.as_ref().is_none_or(|m| m.contains(&FirstFactor::Passkey))>
                <Passkeys site />
            </Show>

            <h2>"Sign out everywhere"</h2>
            <p>{messages::EVERYWHERE_EXPLAINED}</p>
            <Button label="Sign out everywhere" busy_label="Signing out…" busy=signing_out class="secondary" on_click=sign_out_everywhere />

            <h2>"Delete account"</h2>
            <Alert error=leave_outcome.error notice=leave_outcome.notice />
            <div hidden=move || !asked_to_delete.get()>
                <Button label="Yes, delete my account" busy_label="Deleting…" busy=deleting class="danger" on_click=delete />
                <button type="button" class="link" on:click=move |_| ask_to_delete(false)>"Cancel"</button>
            </div>
            <button type="button" class="secondary" hidden=asked_to_delete on:click=move |_| ask_to_delete(true)>"Delete account"</button>
            <p class="aside"><A href=Page::Ride.path()>"Back to your ride"</A></p>
        </Frame>
    }
}
