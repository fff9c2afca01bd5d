"""The privacy boundary: nothing a visitor wrote passes into Rasa, Redis, the event stream or a log unredacted."""
