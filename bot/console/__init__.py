"""The compliance console: a signed-in web app over the transcript archive.

``app`` builds the Flask application; ``users`` and ``signin`` handle accounts and
sign-in, ``sessions`` the server-side sign-ins in Redis, ``security`` the cookie, CSRF,
headers and role check; ``compliance`` and ``statistics`` hold the pages of the two roles;
``charts`` renders PNGs; ``markup`` the Jinja filters.
"""
