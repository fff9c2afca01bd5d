"""The compliance console: a signed-in web app over the transcript archive.

``app`` builds the Flask application; ``users`` and ``signin`` handle accounts and
sign-in, ``security`` sessions, CSRF and headers; ``compliance`` and ``statistics``
hold the pages of the two roles; ``charts`` renders PNGs; ``markup`` the Jinja filters.
"""
