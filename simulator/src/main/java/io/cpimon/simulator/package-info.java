package io.cpimon.simulator;
