package io.cpimon.web;
