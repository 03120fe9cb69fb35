"""Routes that take a POST from anyone, by URL name, each with why no role check applies.
Every other route taking a POST must be an action of some tests/<app>/test_permissions.py.
"namespace:*" lists a whole namespace."""

PUBLIC_WRITES = {
    "admin:*": "Django's admin: staff only, behind its own login; tests/<app>/test_admin.py",
    "set_language": "i18n: the language switch, Django's own view",
    # allauth: signing up and in, and one's own account (addresses, password).
    "account_login": "allauth: signing in",
    "account_logout": "allauth: signing out",
    "account_signup": "allauth: signing up",
    "account_reauthenticate": "allauth: one's own password, asked again",
    "account_email": "allauth: one's own e-mail addresses",
    "account_change_password": "allauth: one's own password",
    "account_set_password": "allauth: one's own password",
    "account_reset_password": "allauth: a reset link sent by e-mail",
    "account_reset_password_from_key": "allauth: the e-mailed reset link (its key)",
    "account_request_login_code": "allauth: a sign-in code sent by e-mail",
    "account_confirm_login_code": "allauth: the e-mailed sign-in code",
    "account_confirm_email": "allauth: the e-mailed confirmation link (its key)",
    # Contributions without an account, confirmed by e-mail (signed tokens).
    "contributions:propose": "a new place proposed by anyone, confirmed by e-mail",
    "contributions:change": "a change proposed by anyone, confirmed by e-mail",
    "contributions:confirm": "the proposer's e-mailed link (signed token)",
    "contributions:follow": "the proposer's follow-up page, from the e-mailed link (token)",
    "contributions:report": "a report of content, by anyone, confirmed by e-mail",
    "contributions:report_confirm": "the reporter's e-mailed link (signed token)",
    "places:confirm_link": "a place's team confirms its information from the e-mailed link",
    # Registrations to a date need no account.
    "events:register": "registration to a date, by anyone",
    "events:register_event": "registration to a date chosen in a series' form, by anyone",
    "events:resend_link": "the personal link sent again, by e-mail only",
    "events:registration_cancel": "a registrant cancels from their personal link (token)",
    "events:registration_confirm": "a registrant confirms from the link e-mailed to them (token)",
    "events:registration_code": "a phone registrant finds their registration by code and number",
    # Reads that do not filter methods.
    "stories:feed_rss": "read-only: Django's syndication Feed answers any method",
    "stories:feed_atom": "read-only: Django's syndication Feed answers any method",
    "api:v1:openapi-json": "read-only: django-ninja's schema view answers any method",
    "api:v1:api-root": "read-only: django-ninja's root (404 to anything)",
    "^media/(?P<path>.*)$": "read-only: uploads served on a laptop (not in production)",
}
