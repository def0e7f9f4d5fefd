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
use crate::messages::{self, explain, Form};
use crate::notice::Notice;
use crate::route::Page;
use crate::site::Site;
use crate::validate;

#[component]
pub fn Account(site: Site) -> impl IntoView {
    let navigate = use_navigate();
    let session = site.auth.session;
    // The route's guard shows this page only with a session.
    let current = move || session.get_untracked();
    // GetUser's answer: the email as the service has it now (the ID
    // token's may be older), and whether it is verified.
    let profile = RwSignal::new(None::<Profile>);
    let load_profile = move || {
        if let Some(current) = current() {
            leptos::task::spawn_local(async move {
                if let Ok(found) = site.api.profile(&current).await {
                    profile.set(Some(found));
                }
            });
        }
    };
    load_profile();
    let email = move || match profile.get() {
        Some(p) => p.email,
        None => session.with(|s| s.as_ref().map(|s| s.email().to_string()).unwrap_or_default()),
    };
    let unverified = move || profile.with(|p| p.as_ref().is_some_and(|p| !p.email_verified));

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
        let Some(current) = current() else { return };
        run(
            changing_password,
            async move { site.api.change_password(&current, &old, &new).await },
            move |result| {
                password_outcome.say(match result {
                    Ok(()) => {
                        for field in [old_password, new_password, repeated] {
                            field.set(String::new());
                        }
                        Ok(messages::PASSWORD_CHANGED.into())
                    }
                    Err(e) => Err(explain(Form::ChangePassword, &e)),
                })
            },
        );
    };

    // Change email, then its code.
    let new_email = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let email_outcome = Outcome::new(None);
    let changing_email = RwSignal::new(false);
    let verifying = RwSignal::new(false);
    let resending = RwSignal::new(false);
    let on_change_email = move |ev: SubmitEvent| {
        ev.prevent_default();
        let address = new_email.get().trim().to_string();
        if let Err(problem) = validate::email_change(&email(), &address) {
            return email_outcome.say(Err(messages::invalid(problem).into()));
        }
        let Some(current) = current() else { return };
        run(
            changing_email,
            async move {
                site.api
                    .change_email(&current, &address)
                    .await
                    .map(|()| address)
            },
            move |result| match result {
                Ok(address) => {
                    new_email.set(String::new());
                    load_profile();
                    email_outcome.say(Ok(messages::email_code_sent(&address)));
                }
                Err(e) => email_outcome.say(Err(explain(Form::ChangeEmail, &e))),
            },
        );
    };
    let on_verify = move |ev: SubmitEvent| {
        ev.prevent_default();
        let digits = code.get().trim().to_string();
        if let Err(problem) = validate::code(&digits) {
            return email_outcome.say(Err(messages::invalid(problem).into()));
        }
        let Some(current) = current() else { return };
        run(
            verifying,
            async move {
                site.api.verify_email(&current, &digits).await?;
                // New tokens, whose ID token names the new email (for this
                // page, the others, and identity-js on the same origin).
                // A refresh that fails leaves the old ones, still valid.
                Ok(site.api.refresh(&current).await.ok())
            },
            move |result| match result {
                Ok(renewed) => {
                    if let Some(renewed) = renewed {
                        session.set(Some(renewed));
                    }
                    code.set(String::new());
                    load_profile();
                    email_outcome.say(Ok(messages::EMAIL_VERIFIED_NOW.into()));
                }
                Err(e) => email_outcome.say(Err(explain(Form::VerifyEmail, &e))),
            },
        );
    };
    let on_resend = Callback::new(move |()| {
        let Some(current) = current() else { return };
        run(
            resending,
            async move { site.api.resend_email_code(&current).await },
            move |result| {
                email_outcome.say(match result {
                    Ok(sent) => Ok(messages::email_code_sent(&sent.destination)),
                    Err(e) => Err(explain(Form::VerifyEmail, &e)),
                })
            },
        );
    });

    // Leaving: signed out everywhere, or the account deleted. The page is
    // left first, then the session ends (the guard then has nothing to do).
    let leave = move |to: Page, notice: Notice| {
        site.notices.post(notice);
        navigate(to.path(), Default::default());
        session.set(None);
    };
    let leave_outcome = Outcome::new(None);
    let signing_out = RwSignal::new(false);
    let sign_out_everywhere = {
        let leave = leave.clone();
        Callback::new(move |()| {
            let Some(current) = current() else { return };
            let leave = leave.clone();
            run(
                signing_out,
                async move { site.api.sign_out_everywhere(&current).await },
                move |result| match result {
                    Ok(()) => leave(Page::SignIn, Notice::SignedOutEverywhere),
                    Err(e) => leave_outcome.say(Err(explain(Form::SignOutEverywhere, &e))),
                },
            );
        })
    };
    let asked_to_delete = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let delete = Callback::new(move |()| {
        let Some(current) = current() else { return };
        let leave = leave.clone();
        run(
            deleting,
            async move { site.api.delete_account(&current).await },
            move |result| match result {
                Ok(()) => leave(Page::Home, Notice::AccountDeleted),
                Err(e) => leave_outcome.say(Err(explain(Form::DeleteAccount, &e))),
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
                <PasswordField id="current-password" label="Current password" autocomplete="current-password" value=old_password />
                <NewPassword label="New password" repeat_label="Confirm new password" policy=policy password=new_password repeated=repeated />
                <Alert error=password_outcome.error notice=password_outcome.notice />
                <Submit label="Change password" busy_label="Changing…" busy=changing_password />
            </form>

            <h2>"Change email"</h2>
            // Shown and hidden rather than built and dropped: less wasm.
            <form on:submit=on_verify novalidate=true hidden=move || !unverified()>
                <TextField id="code" label="Verification code" autocomplete="one-time-code" inputmode="numeric" value=code />
                <Submit label="Verify" busy_label="Verifying…" busy=verifying />
                <Button label="Resend code" busy_label="Sending…" busy=resending class="link" on_click=on_resend />
            </form>
            <form on:submit=on_change_email novalidate=true>
                <TextField id="new-email" label="New email" kind="email" autocomplete="email" value=new_email />
                <Alert error=email_outcome.error notice=email_outcome.notice />
                <Submit label="Change email" busy_label="Changing…" busy=changing_email />
            </form>

            <h2>"Sign out everywhere"</h2>
            <p>{messages::EVERYWHERE_EXPLAINED}</p>
            <Button label="Sign out everywhere" busy_label="Signing out…" busy=signing_out class="secondary" on_click=sign_out_everywhere />

            <h2>"Delete account"</h2>
            <div hidden=move || !asked_to_delete.get()>
                <p role="alert">{messages::DELETE_WARNING}</p>
                <Button label="Yes, delete my account" busy_label="Deleting…" busy=deleting class="danger" on_click=delete />
                <button type="button" class="link" on:click=move |_| asked_to_delete.set(false)>"Cancel"</button>
            </div>
            <button type="button" class="secondary" hidden=asked_to_delete on:click=move |_| asked_to_delete.set(true)>"Delete account"</button>
            <Alert error=leave_outcome.error />
            <p class="aside"><A href=Page::Ride.path()>"Back to your ride"</A></p>
        </Frame>
    }
}
