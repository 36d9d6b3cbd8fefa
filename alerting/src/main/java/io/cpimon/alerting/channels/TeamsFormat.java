package io.cpimon.alerting.channels;

/** The card a Teams channel posts: an Adaptive Card (Workflows webhook) or a legacy MessageCard (connector). */
public enum TeamsFormat { ADAPTIVE, MESSAGECARD }
