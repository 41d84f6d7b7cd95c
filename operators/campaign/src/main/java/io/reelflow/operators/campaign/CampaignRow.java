package io.reelflow.operators.campaign;

import java.io.Serializable;

/** One row of a campaign file as written, with its line number in the file (from 1). */
public record CampaignRow(long line, String text) implements Serializable {}
