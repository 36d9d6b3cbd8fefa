package io.cpimon.alerting;
