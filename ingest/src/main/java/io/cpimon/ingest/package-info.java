package io.cpimon.ingest;
