"""wwt-sms."""
