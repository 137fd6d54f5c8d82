/* Moked chat widget — see docs/decisions. */
