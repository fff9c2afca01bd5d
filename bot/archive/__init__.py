"""The transcript archive: redacted conversations kept for compliance review and statistics.

``configured`` picks the path Rasa's events take: ``broker`` hands them to ``writer`` off the request
path in the Rasa server, or ``rabbitmq`` publishes them to a queue that ``consumer`` writes from;
``models`` holds the tables (on the vault's ``Base``); ``store`` reads, erases and purges;
``audit`` looks for residual personal data; ``stats`` aggregates for marketing, with the
consultation ``funnel`` and the ``not_understood`` texts, all under the small-group rule of ``suppression``;
``access_log`` and ``subject_requests`` record what staff did.
"""
