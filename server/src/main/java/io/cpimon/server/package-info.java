package io.cpimon.server;
