package io.cpimon.api;
